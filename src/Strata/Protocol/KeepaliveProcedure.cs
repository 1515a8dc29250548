namespace Strata.Protocol;

/// <summary>Procedures of the keepalive program (<c>keepalive_procedure</c>).</summary>
public enum KeepaliveProcedure
{
    /// <summary><c>KEEPALIVE_PROC_PING</c>: are you there?</summary>
    Ping = 1,

    /// <summary><c>KEEPALIVE_PROC_PONG</c>: yes.</summary>
    Pong = 2,
}
