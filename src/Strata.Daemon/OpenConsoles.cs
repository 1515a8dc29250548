namespace Strata.Daemon;

/// <summary>
/// Which client holds each console device: at most one at a time, as libvirt's console lock. A second open is
/// refused unless forced (<c>virsh console --force</c>), which takes the console over from the holder, or unless the
/// holder is already ending (its client went away), which the new holder then waits for.
/// </summary>
internal sealed class OpenConsoles
{
    private readonly Dictionary<ConsoleKey, ConsoleStream> _holders = [];
    private readonly Lock _lock = new();

    /// <summary>Makes <paramref name="stream"/> the holder of its domain's console; returns the holder it displaced.</summary>
    public ConsoleStream? Claim(ConsoleStream stream, bool force)
    {
        lock (_lock)
        {
            if (_holders.TryGetValue(stream.Key, out var holder) && !force && !holder.IsEnding)
                throw new ConsoleBusyException();
            _holders[stream.Key] = stream;
            return holder;
        }
    }

    /// <summary>Frees the domain's console, unless another stream took it over since.</summary>
    public void Release(ConsoleStream stream)
    {
        lock (_lock)
        {
            if (_holders.TryGetValue(stream.Key, out var holder) && holder == stream)
                _holders.Remove(stream.Key);
        }
    }
}

/// <summary>
/// One console device of a domain of one driver: the drivers are shared by all clients, so two clients of one URI
/// meet here; the device is its host side, so two names of one device (serial0, console0) are one console.
/// </summary>
internal readonly record struct ConsoleKey(IDriver Driver, Guid Domain, string Device);
