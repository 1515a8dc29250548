namespace Strata.Protocol;

/// <summary>An event the server pushes (a MESSAGE of the remote program), typed by its struct <typeparamref name="TMsg"/>.</summary>
public sealed class RemoteEvent<TMsg>(RemoteProcedure procedure) where TMsg : IXdrType<TMsg>
{
    /// <summary>The procedure number that names the event.</summary>
    public RemoteProcedure Procedure { get; } = procedure;

    /// <summary>A whole event frame.</summary>
    public byte[] Build(TMsg message) => Frame.Build(RemoteProgram.Event(Procedure), message);

    /// <summary>True when <paramref name="message"/> is this event.</summary>
    public bool Matches(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return RemoteProgram.Owns(message.Header) && message.Header.Type == MessageType.Message
            && message.Header.Procedure == (int)Procedure;
    }

    /// <summary>The event's struct.</summary>
    public TMsg Decode(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Decode<TMsg>();
    }
}
