namespace Strata.Protocol;

/// <summary>The ret of auth_list: the authentication types the server accepts (just <see cref="AuthType.None"/> on a local socket).</summary>
public sealed record AuthListRet(IReadOnlyList<AuthType> Types) : IXdrType<AuthListRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArrayCount(Types.Count, RemoteLimits.AuthTypeListMax);
        foreach (var type in Types)
        {
            writer.WriteInt32((int)type);
        }
    }

    /// <inheritdoc/>
    public static AuthListRet Decode(ref XdrReader reader)
    {
        int[] values = reader.ReadInt32Array(RemoteLimits.AuthTypeListMax);
        var types = new AuthType[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            types[i] = (AuthType)values[i];
        }

        return new AuthListRet(types);
    }
}
