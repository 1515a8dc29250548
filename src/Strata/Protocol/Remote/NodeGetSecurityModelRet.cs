namespace Strata.Protocol;

/// <summary>The ret of node_get_security_model (virsh dominfo asks): model and DOI as NUL-terminated XDR char arrays.</summary>
public sealed record NodeGetSecurityModelRet(string Model, string Doi) : IXdrType<NodeGetSecurityModelRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteCharString(Model, RemoteLimits.SecurityModelMax);
        writer.WriteCharString(Doi, RemoteLimits.SecurityDoiMax);
    }

    /// <inheritdoc/>
    public static NodeGetSecurityModelRet Decode(ref XdrReader reader) =>
        new(reader.ReadCharString(RemoteLimits.SecurityModelMax), reader.ReadCharString(RemoteLimits.SecurityDoiMax));
}
