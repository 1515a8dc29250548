using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>Runs one remote call and returns how to send its reply.</summary>
internal delegate ValueTask<ReplySender> ProcedureHandler(ClientSession client, Message call, CancellationToken cancellationToken);

/// <summary>Sends one reply, encoded straight into the client's reused frame buffer (a reply allocates no frame of its own).</summary>
internal delegate ValueTask ReplySender(FrameWriter writer, CancellationToken cancellationToken);

/// <summary>
/// The remote procedures stratad answers, each mapped onto the library's driver contract. A procedure not in the
/// table gets libvirt's "unsupported" error, never a dropped connection; a mutating one is refused on the
/// read-only socket.
/// </summary>
internal sealed class ProcedureTable
{
    private readonly Dictionary<RemoteProcedure, (ProcedureHandler Handler, Access Access, int? ErrorOrigin)> _handlers = [];
    private int? _registeringOrigin;

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
        Register(call.Procedure, access, handler);

    /// <summary>
    /// Registers a procedure whose handler returns its result struct already encoded (a reply it keeps for reuse),
    /// sent as it is after the header.
    /// </summary>
    public void AddEncoded<TArgs, TRet>(RemoteCall<TArgs, TRet> call, Access access, Func<ClientSession, TArgs, CancellationToken, ValueTask<XdrEncoded>> handler)
        where TArgs : IXdrType<TArgs>
        where TRet : IXdrType<TRet> =>
        Register(call.Procedure, access, handler);

    private void Register<TArgs, TBody>(RemoteProcedure procedure, Access access, Func<ClientSession, TArgs, CancellationToken, ValueTask<TBody>> handler)
        where TArgs : IXdrType<TArgs>
        where TBody : IXdrType<TBody> =>
        Set(procedure, access, async (client, message, ct) =>
        {
            var body = await handler(client, message.Decode<TArgs>(), ct).ConfigureAwait(false);
            return (writer, token) => writer.WriteAsync(message.Header.ReplyHeader(), body, token);
        });

    /// <summary>
    /// Registers a procedure with an empty reply and something to do once that reply is sent, which the handler returns:
    /// starting the stream it opened (so the reply reaches the client before any packet of the stream), or closing the
    /// connection (CONNECT_CLOSE).
    /// </summary>
    public void AddThen<TArgs>(RemoteCall<TArgs, XdrVoid> call, Access access, Func<ClientSession, MessageHeader, TArgs, CancellationToken, ValueTask<Action>> handler)
        where TArgs : IXdrType<TArgs> =>
        Set(call.Procedure, access, async (client, message, ct) =>
        {
            var then = await handler(client, message.Header, call.Arguments(message), ct).ConfigureAwait(false);
            return async (writer, token) =>
            {
                await writer.WriteAsync(message.Header.ReplyHeader(), token).ConfigureAwait(false);
                then();
            };
        });

    /// <summary>
    /// Registers a procedure Strata knows but does not carry out with its own words: the call gets libvirt's
    /// "unsupported" error naming <paramref name="function"/> (any other procedure not in the table gets it naming
    /// the bare function), field for field as libvirtd sends it, and the connection stays up.
    /// </summary>
    public void AddUnsupported(RemoteProcedure procedure, string function, Access access) =>
        Set(procedure, access, (_, message, _) => ValueTask.FromResult(Error(message.Header, RemoteError.Unsupported(function, RemoteProcedureFunctions.ErrorDomainOf(function)))));

    /// <summary>
    /// Registers (in <paramref name="register"/>) procedures whose failures libvirtd reports from another part of
    /// libvirt than the connection's hypervisor driver: <paramref name="origin"/>, a VIR_FROM_* number (the storage
    /// driver's, for pools and volumes).
    /// </summary>
    public void ReportingErrorsFrom(int origin, Action register)
    {
        ArgumentNullException.ThrowIfNull(register);
        _registeringOrigin = origin;
        try
        {
            register();
        }
        finally
        {
            _registeringOrigin = null;
        }
    }

    private void Set(RemoteProcedure procedure, Access access, ProcedureHandler handler) =>
        _handlers[procedure] = (handler, access, _registeringOrigin);

    /// <summary>Where libvirtd would say a failed call's error came from: the procedure's part of libvirt, else the connection's driver.</summary>
    private int ErrorOrigin(ClientSession client, MessageHeader header) =>
        _handlers.TryGetValue((RemoteProcedure)header.Procedure, out var entry) && entry.ErrorOrigin is { } origin
            ? origin
            : client.Driver switch
            {
                Strata.Drivers.Qemu.QemuDriver => LibvirtErrors.DomainQemu,
                Strata.Drivers.Test.TestDriver => LibvirtErrors.DomainTest,
                _ => LibvirtErrors.DomainRemote,
            };

    /// <summary>A result that is ready at once.</summary>
    public static ValueTask<T> Done<T>(T result) => ValueTask.FromResult(result);

    public async Task HandleAsync(ClientSession client, Message call, CancellationToken cancellationToken)
    {
        ReplySender reply;
        try
        {
            reply = await DispatchAsync(client, call, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolException)
        {
            reply = Error(call.Header, RemoteError.UndecodablePayload());
        }
        catch (RpcRefusalException error)
        {
            reply = Error(call.Header, RemoteError.FromException(error, LibvirtErrors.DomainRpc));
        }
        catch (StrataException error)
        {
            reply = Error(call.Header, RemoteError.FromException(error, error.FromDomainCode ? LibvirtErrors.DomainDomain : ErrorOrigin(client, call.Header)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the daemon is stopping, or the client is gone
        }
#pragma warning disable CA1031 // a bug of Strata's still gets the caller an answer, not a call that never returns
        catch (Exception error)
#pragma warning restore CA1031
        {
            Log.Warn($"{RemoteProcedureNames.Describe(call.Header.Procedure)} failed: {error}");
            reply = Error(call.Header, RemoteError.FromException(new StrataException(ErrorCode.InternalError, $"internal error: {error.Message}"), ErrorOrigin(client, call.Header)));
        }
        try
        {
            try
            {
                await reply(client.Writer, cancellationToken).ConfigureAwait(false);
            }
            catch (ProtocolException error)
            {
                // The result breaks a protocol limit (a list longer than its maximum): nothing was sent; say why.
                await Error(call.Header, RemoteError.FromException(new StrataException(ErrorCode.InternalError, $"internal error: {error.Message}")))(client.Writer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client left before its reply.
        }
    }

    private static ReplySender Error(MessageHeader call, RemoteError error) =>
        (writer, token) => writer.WriteAsync(call.ReplyHeader(MessageStatus.Error), error, token);

    /// <summary>
    /// A procedure stratad does not carry out: a libvirt API gets libvirtd's answer for an API its driver lacks, which
    /// names the function; an event or a number libvirt does not have is an unknown procedure, as in libvirtd.
    /// </summary>
    private static ReplySender NotCarriedOut(ClientSession client, MessageHeader header)
    {
        if (RemoteProcedureFunctions.Of(header.Procedure) is not { } function)
            return Error(header, RemoteError.UnknownProcedure(header.Procedure));
        if (client.Driver is null)
            throw RpcRefusalException.NotOpen();
        return Error(header, RemoteError.Unsupported(function, RemoteProcedureFunctions.ErrorDomainOf(function)));
    }

    /// <summary>libvirt's refusal of a change on a read-only connection: it names the API, and comes from the API's part of libvirt.</summary>
    private static RemoteError ReadOnlyRefusal(int procedure)
    {
        string? function = RemoteProcedureFunctions.Of(procedure);
        return RemoteError.FromException(new StrataException(ErrorCode.OperationDenied, $"operation forbidden: read only access prevents {function ?? "this operation"}"),
            function is null ? LibvirtErrors.DomainRemote : RemoteProcedureFunctions.ErrorDomainOf(function));
    }

    private ValueTask<ReplySender> DispatchAsync(ClientSession client, Message call, CancellationToken cancellationToken)
    {
        var header = call.Header;
        // As libvirtd: an unknown program or procedure gets an RPC error reply, and the connection stays up.
        if (!RemoteProgram.Owns(header))
            return ValueTask.FromResult(Error(header, RemoteError.UnknownProgram(header.Program, header.Version)));
        var procedure = (RemoteProcedure)header.Procedure;
        if (header.Type != MessageType.Call)
            return ValueTask.FromResult(Error(header, RemoteError.UnknownProcedure(header.Procedure)));
        if (!_handlers.TryGetValue(procedure, out var entry))
            return ValueTask.FromResult(NotCarriedOut(client, header));
        // The daemon's own refusals, reported by the remote layer whatever the procedure.
        if (entry.Access != Access.Anonymous && client.Driver is null)
            throw RpcRefusalException.NotOpen();
        if (entry.Access == Access.Write && client.ReadOnly)
            return ValueTask.FromResult(Error(header, ReadOnlyRefusal(header.Procedure)));
        return entry.Handler(client, call, cancellationToken);
    }
}

/// <summary>A refusal libvirtd's RPC layer makes (VIR_FROM_RPC) before any driver sees the call, such as a call before CONNECT_OPEN.</summary>
internal sealed class RpcRefusalException(string message) : StrataException(ErrorCode.InternalError, $"internal error: {message}")
{
    /// <summary>A call that needs an open connection, made before CONNECT_OPEN.</summary>
    public static RpcRefusalException NotOpen() => new("connection not open");
}
