using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// The encoded result of the last CONNECT_LIST_ALL_DOMAINS per driver and flags. The QEMU driver hands back the
/// same listing instance for as long as no domain's files changed and none runs (a define, an undefine, a start
/// or any state change makes a new one), so a result encoded from a listing stays right for as long as that
/// listing comes back: a thousand domains are then answered with one copy of bytes already made.
/// </summary>
internal sealed class ListingReplies
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(IDriver Driver, uint Flags, bool NeedResults), (IReadOnlyList<DomainSummary> Listing, XdrEncoded Result)> _kept = [];

    /// <summary>The encoded result for <paramref name="listing"/>, made by <paramref name="result"/> unless kept.</summary>
    public XdrEncoded Get(IDriver driver, uint flags, bool needResults, IReadOnlyList<DomainSummary> listing, Func<ConnectListAllDomainsRet> result)
    {
        var key = (driver, flags, needResults);
        lock (_lock)
        {
            if (_kept.TryGetValue(key, out var kept) && ReferenceEquals(kept.Listing, listing))
                return kept.Result;
        }
        var encoded = new XdrEncoded(Encode(result(), listing.Count));
        lock (_lock)
            _kept[key] = (listing, encoded);
        return encoded;
    }

    private static byte[] Encode(ConnectListAllDomainsRet result, int domains)
    {
        var writer = new XdrWriter(8 + (domains * 64)); // a name of up to 40 bytes, the UUID and the id fit in 64
        try
        {
            result.Encode(writer);
        }
        catch (ProtocolException error)
        {
            // More domains than the protocol allows in one list: say so, as an unkept reply would.
            throw new StrataException(ErrorCode.InternalError, $"internal error: {error.Message}");
        }
        return writer.ToArray();
    }
}
