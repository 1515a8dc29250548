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

    public void Add(RemoteProcedure procedure, Access access, ProcedureHandler handler) => _handlers[procedure] = (handler, access);

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

    /// <summary>A reply frame whose body <paramref name="body"/> writes (nothing for a void reply).</summary>
    public static ReadOnlyMemory<byte> Reply(Message call, Action<XdrWriter>? body = null)
    {
        var writer = new XdrWriter();
        writer.BeginMessage(call.Header.ReplyHeader());
        body?.Invoke(writer);
        return writer.FinishMessage();
    }
}
