namespace Strata.Protocol;

/// <summary>Authentication a server may require before <c>connect_open</c> (<c>remote_auth_type</c>).</summary>
public enum AuthType
{
    /// <summary><c>REMOTE_AUTH_NONE</c>: none, as on a local unix socket.</summary>
    None = 0,

    /// <summary><c>REMOTE_AUTH_SASL</c>.</summary>
    Sasl = 1,

    /// <summary><c>REMOTE_AUTH_POLKIT</c>.</summary>
    Polkit = 2,
}
