namespace Strata.Protocol;

/// <summary>
/// The wire form of a typed parameter (<c>remote_typed_param</c>): the field's name, then the value as a union
/// whose discriminant is the <see cref="TypedParameterType"/>.
/// </summary>
public static class TypedParameterXdr
{
    /// <summary>Appends a list of typed parameters (<c>remote_typed_param params&lt;max&gt;</c>).</summary>
    public static void WriteList(XdrWriter writer, IReadOnlyList<TypedParameter> parameters, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(parameters);
        writer.WriteArrayCount(parameters.Count, maxCount);
        foreach (var parameter in parameters)
            Write(writer, parameter);
    }

    /// <summary>Reads a list of typed parameters; a count over <paramref name="maxCount"/> or an unknown type is malformed.</summary>
    public static TypedParameter[] ReadList(ref XdrReader reader, int maxCount)
    {
        var parameters = new TypedParameter[reader.ReadArrayCount(maxCount)];
        for (int i = 0; i < parameters.Length; i++)
            parameters[i] = Read(ref reader);
        return parameters;
    }

    private static void Write(XdrWriter writer, TypedParameter parameter)
    {
        writer.WriteString(parameter.Field, RemoteLimits.StringMax);
        writer.WriteInt32((int)parameter.Type);
        switch (parameter.Type)
        {
            case TypedParameterType.Int or TypedParameterType.Boolean:
                writer.WriteInt32((int)parameter.Bits);
                break;
            case TypedParameterType.UInt:
                writer.WriteUInt32((uint)parameter.Bits);
                break;
            case TypedParameterType.LLong or TypedParameterType.ULLong:
                writer.WriteInt64(parameter.Bits);
                break;
            case TypedParameterType.Double:
                writer.WriteDouble(parameter.Real);
                break;
            default:
                writer.WriteString(parameter.Text ?? "", RemoteLimits.StringMax);
                break;
        }
    }

    private static TypedParameter Read(ref XdrReader reader)
    {
        string field = reader.ReadString(RemoteLimits.StringMax);
        if (field.Length == 0)
            throw new MalformedMessageException("typed parameter with an empty name");
        int type = reader.ReadInt32();
        return (TypedParameterType)type switch
        {
            TypedParameterType.Int => TypedParameter.Int(field, reader.ReadInt32()),
            TypedParameterType.UInt => TypedParameter.UInt(field, reader.ReadUInt32()),
            TypedParameterType.LLong => TypedParameter.LLong(field, reader.ReadInt64()),
            TypedParameterType.ULLong => TypedParameter.ULLong(field, reader.ReadUInt64()),
            TypedParameterType.Double => TypedParameter.Double(field, reader.ReadDouble()),
            TypedParameterType.Boolean => TypedParameter.Boolean(field, reader.ReadInt32() != 0),
            TypedParameterType.String => TypedParameter.String(field, reader.ReadString(RemoteLimits.StringMax)),
            _ => throw new MalformedMessageException($"typed parameter '{field}' has unknown type {type}"),
        };
    }
}
