using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>A libvirt stream a client opened (a console, a volume transfer): the packets under its opening call's serial go to it.</summary>
internal interface IClientStream
{
    /// <summary>The serial of the opening call, which every packet of the stream carries.</summary>
    uint Serial { get; }

    /// <summary>A packet from the client: data, the end of its data (finish), or an abort.</summary>
    Task ReceiveAsync(Message packet, CancellationToken cancellationToken);

    /// <summary>Stops the stream's work when the client goes away.</summary>
    Task CloseAsync();
}
