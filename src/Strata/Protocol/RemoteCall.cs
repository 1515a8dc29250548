namespace Strata.Protocol;

/// <summary>A remote procedure typed by its argument struct <typeparamref name="TArgs"/> and result struct <typeparamref name="TRet"/>.</summary>
public sealed class RemoteCall<TArgs, TRet>(RemoteProcedure procedure) : IRemoteCall
    where TArgs : IXdrType<TArgs>
    where TRet : IXdrType<TRet>
{
    /// <inheritdoc/>
    public RemoteProcedure Procedure { get; } = procedure;

    /// <summary>A whole call frame.</summary>
    public byte[] Call(uint serial, TArgs arguments) => Frame.Build(RemoteProgram.Call(Procedure, serial), arguments);

    /// <summary>A whole successful reply frame to <paramref name="call"/>.</summary>
    public byte[] Reply(in MessageHeader call, TRet result) => Frame.Build(call.ReplyHeader(), result);

    /// <summary>The arguments of a call.</summary>
    public TArgs Arguments(Message call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Decode<TArgs>();
    }

    /// <summary>The result of a successful reply.</summary>
    public TRet Result(Message reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Decode<TRet>();
    }

    /// <inheritdoc/>
    object IRemoteCall.DecodeArguments(Message call) => Arguments(call);

    /// <inheritdoc/>
    object IRemoteCall.DecodeResult(Message reply) => Result(reply);

    /// <inheritdoc/>
    void IRemoteCall.EncodeArguments(XdrWriter writer, object arguments) => ((TArgs)arguments).Encode(writer);

    /// <inheritdoc/>
    void IRemoteCall.EncodeResult(XdrWriter writer, object result) => ((TRet)result).Encode(writer);
}
