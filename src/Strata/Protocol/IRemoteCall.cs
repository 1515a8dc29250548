namespace Strata.Protocol;

/// <summary>A remote procedure with its argument and result structs, usable without knowing their types (dispatch tables, logs, tests).</summary>
public interface IRemoteCall
{
    /// <summary>The procedure number.</summary>
    RemoteProcedure Procedure { get; }

    /// <summary>Decodes a call's arguments, refusing trailing bytes.</summary>
    object DecodeArguments(Message call);

    /// <summary>Decodes a successful reply's result, refusing trailing bytes.</summary>
    object DecodeResult(Message reply);

    /// <summary>Encodes arguments of this procedure's argument type.</summary>
    void EncodeArguments(XdrWriter writer, object arguments);

    /// <summary>Encodes a result of this procedure's result type.</summary>
    void EncodeResult(XdrWriter writer, object result);
}
