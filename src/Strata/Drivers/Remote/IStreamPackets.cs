using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The client's end of one libvirt stream, as <see cref="RemoteClient"/> routes packets to it by the serial of the
/// call that opened it. A console (<see cref="RemoteConsoleStream"/>) reads and writes at once; a volume transfer
/// (<see cref="RemoteTransfer"/>) goes one way and holds the daemon back when its reader is slow.
/// </summary>
internal interface IStreamPackets
{
    /// <summary>A packet the daemon sent on this stream; awaiting it holds back the connection's read loop.</summary>
    ValueTask DeliverAsync(Message packet, CancellationToken cancellationToken);

    /// <summary>No more packets will come: the connection closed (<paramref name="error"/>) or this side closed the stream (null).</summary>
    void End(Exception? error);
}
