using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>Runs one remote call and returns the whole reply frame.</summary>
internal delegate ValueTask<ReadOnlyMemory<byte>> ProcedureHandler(ClientSession client, Message call, CancellationToken cancellationToken);

/// <summary>
/// The remote procedures stratad answers, each mapped onto the library's driver contract. A procedure not in the
/// table gets libvirt's "unsupported" error, never a dropped connection; a mutating one is refused on the
/// read-only socket.
/// </summary>
internal sealed class ProcedureTable
{
    private readonly Dictionary<RemoteProcedure, (ProcedureHandler Handler, Access Access)> _handlers = [];

    /// <summary>What a procedure needs of the client.</summary>
    public enum Access
    {
        /// <summary>Allowed before CONNECT_OPEN (authentication, opening).</summary>
        Anonymous,

        /// <summary>Reads only: allowed on the read-only socket.</summary>
        Read,

        /// <summary>Changes something: refused on the read-only socket.</summary>
        Write,
    }

    /// <summary>
    /// Registers a procedure by its typed call: the handler gets the decoded argument struct and returns the result
    /// struct, so each wire layout is written once, in <see cref="RemoteCalls"/>.
    /// </summary>
    public void Add<TArgs, TRet>(RemoteCall<TArgs, TRet> call, Access access, Func<ClientSession, TArgs, CancellationToken, ValueTask<TRet>> handler)
        where TArgs : IXdrType<TArgs>
        where TRet : IXdrType<TRet> =>
        _handlers[call.Procedure] = (async (client, message, ct) =>
            call.Reply(message.Header, await handler(client, call.Arguments(message), ct).ConfigureAwait(false)), access);

    /// <summary>A result that is ready at once.</summary>
    public static ValueTask<T> Done<T>(T result) => ValueTask.FromResult(result);

    public async Task HandleAsync(ClientSession client, Message call, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> reply;
        try
        {
            reply = await DispatchAsync(client, call, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolException)
        {
            reply = Frame.BuildError(call.Header, RemoteError.UndecodablePayload());
        }
        catch (StrataException error)
        {
            reply = Frame.BuildError(call.Header, RemoteError.FromException(error));
        }
        catch (OperationCanceledException)
        {
            return; // the daemon is stopping
        }
        try
        {
            await client.Writer.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client left before its reply.
        }
    }

    private ValueTask<ReadOnlyMemory<byte>> DispatchAsync(ClientSession client, Message call, CancellationToken cancellationToken)
    {
        var header = call.Header;
        // As libvirtd: an unknown program or procedure gets an RPC error reply, and the connection stays up.
        if (!RemoteProgram.Owns(header))
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(Frame.BuildError(header, RemoteError.UnknownProgram(header.Program, header.Version)));
        var procedure = (RemoteProcedure)header.Procedure;
        if (header.Type != MessageType.Call || !_handlers.TryGetValue(procedure, out var entry))
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(Frame.BuildError(header, RemoteError.UnknownProcedure(header.Procedure)));
        if (entry.Access != Access.Anonymous && client.Driver is null)
            throw new StrataException(ErrorCode.InternalError, "internal error: connection not open");
        if (entry.Access == Access.Write && client.ReadOnly)
            throw new StrataException(ErrorCode.OperationDenied, "operation forbidden: read only access prevents this operation");
        return entry.Handler(client, call, cancellationToken);
    }
}
