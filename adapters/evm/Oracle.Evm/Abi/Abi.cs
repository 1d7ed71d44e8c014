namespace Oracle.Evm;

/// <summary>Solidity ABI entry points: selectors, call data, return data, events and revert data.</summary>
/// <remarks>Value representations are those of <see cref="AbiCodec"/>.</remarks>
public static class Abi
{
    /// <summary>The 4-byte selector of a function or error signature, e.g. <c>submit(bytes)</c>.</summary>
    /// <exception cref="FormatException">Not a signature.</exception>
    public static byte[] Selector(string signature) => AbiSignature.Parse(signature).Selector;

    /// <summary>Selector followed by the encoded arguments.</summary>
    /// <exception cref="FormatException">Not a signature.</exception>
    /// <exception cref="ArgumentException">An argument does not fit its type.</exception>
    public static byte[] EncodeCall(string signature, params object?[] args)
    {
        var parsed = AbiSignature.Parse(signature);
        return [.. parsed.Selector, .. AbiCodec.Encode(parsed.Types, args)];
    }

    /// <summary>Encodes values as a tuple of the given types: <c>"uint256,bytes"</c> or <c>"(uint256,bytes)"</c>
    /// (what <c>abi.encode</c> gives for those arguments).</summary>
    /// <exception cref="ArgumentException">A value does not fit its type.</exception>
    public static byte[] Encode(string types, params object?[] values) => AbiCodec.Encode(ParseTypeList(types), values);

    /// <summary>Decodes return data (or <c>abi.encode</c> output) given its type list, e.g.
    /// <c>"(uint80,int256,uint256,uint256,uint80)"</c>.</summary>
    /// <exception cref="FormatException">The data does not decode as those types.</exception>
    public static object?[] Decode(string types, ReadOnlySpan<byte> data) => AbiCodec.Decode(ParseTypeList(types), data);

    /// <summary>Parses a type list written bare (<c>uint256,bytes</c>) or parenthesised (<c>(uint256,bytes)</c>).</summary>
    /// <exception cref="FormatException">A type does not parse.</exception>
    public static IReadOnlyList<AbiType> ParseTypeList(string types)
    {
        var trimmed = types.Trim();
        var parsed = AbiType.Parse(trimmed.StartsWith('(') ? trimmed : $"({trimmed})");
        return parsed.Kind == AbiTypeKind.Tuple ? parsed.Components : [parsed];
    }

    /// <summary>The topic 0 of an event: Keccak-256 of its canonical signature.</summary>
    /// <exception cref="FormatException">Not a signature.</exception>
    public static byte[] EventTopic(string eventSignature) => AbiSignature.Parse(eventSignature).Hash;

    /// <summary>Decodes a log against an event signature that marks indexed parameters, e.g.
    /// <c>Submitted(bytes32 indexed feedId, uint64 round, int256 value)</c>.</summary>
    /// <exception cref="FormatException">Topic 0 is not this event's, the topic count is wrong, or the data does not decode.</exception>
    public static DecodedEvent DecodeLog(string eventSignature, IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var signature = AbiSignature.Parse(eventSignature);
        var indexed = signature.Parameters.Where(p => p.Indexed).ToList();
        if (topics.Count != indexed.Count + 1 || !topics[0].AsSpan().SequenceEqual(signature.Hash))
        {
            throw new FormatException($"log is not {signature.Canonical}: topic 0 or the number of topics ({topics.Count}) does not match");
        }
        var dataValues = AbiCodec.Decode(signature.Parameters.Where(p => !p.Indexed).Select(p => p.Type).ToList(), data);
        var args = new object?[signature.Parameters.Count];
        int topic = 1, dataIndex = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var parameter = signature.Parameters[i];
            if (!parameter.Indexed)
            {
                args[i] = dataValues[dataIndex++];
            }
            else if (parameter.Type.IsDynamic || parameter.Type.Kind is AbiTypeKind.Tuple or AbiTypeKind.Array)
            {
                args[i] = topics[topic++];
            }
            else
            {
                args[i] = AbiCodec.Decode([parameter.Type], topics[topic++])[0];
            }
        }
        return new DecodedEvent(signature.Name, args, signature.Parameters.Select(p => p.Name).ToList());
    }

    /// <summary>Encodes revert data for a custom error (selector and arguments), as a contract's <c>revert E(...)</c> does.</summary>
    public static byte[] EncodeError(string errorSignature, params object?[] args) => EncodeCall(errorSignature, args);

    /// <summary>Decodes revert data: <c>Error(string)</c>, <c>Panic(uint256)</c> or one of the given custom errors.</summary>
    public static RevertReason DecodeRevert(ReadOnlySpan<byte> data, params string[] customErrors) =>
        (customErrors.Length == 0 ? RevertDecoder.Default : new RevertDecoder(customErrors)).Decode(data);
}
