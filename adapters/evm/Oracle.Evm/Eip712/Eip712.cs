using System.Collections;
using System.Numerics;
using System.Text;

namespace Oracle.Evm;

/// <summary>EIP-712 typed structured data hashing.</summary>
/// <remarks>Struct values are <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (by field name) or
/// <c>IReadOnlyList&lt;object?&gt;</c> (in field order); atomic values are as in <see cref="AbiCodec"/>;
/// <c>bytes</c> and <c>string</c> are hashed; arrays are enumerables.</remarks>
public static class Eip712
{
    /// <summary>The type of the domain used here.</summary>
    public const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>The oracle's report type (DESIGN.md section 4).</summary>
    public const string ReportType = "Report(bytes32 feedId,bytes32 requestId,uint64 round,int256 value,bytes data,uint64 observedAt,bytes32 sourcesHash)";

    /// <summary>The report domain's name.</summary>
    public const string ReportDomainName = "AttestedOracle";

    /// <summary>The report domain's version.</summary>
    public const string ReportDomainVersion = "1";

    private static readonly Eip712Types DomainTypes = Eip712Types.Parse(DomainType);
    private static readonly Eip712Types ReportTypes = Eip712Types.Parse(ReportType);

    /// <summary>hashStruct of <c>EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)</c>.</summary>
    public static byte[] DomainSeparator(string name, string version, BigInteger chainId, EthAddress verifyingContract) =>
        HashStruct(DomainTypes, "EIP712Domain", new object?[] { name, version, chainId, verifyingContract });

    /// <summary><c>encodeType</c>: the primary type followed by every struct it references, sorted by name.</summary>
    /// <exception cref="KeyNotFoundException">A referenced struct is not defined.</exception>
    public static string EncodeType(Eip712Types types, string primaryType)
    {
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        CollectReferences(types, primaryType, referenced);
        referenced.Remove(primaryType);
        var builder = new StringBuilder();
        foreach (var name in new[] { primaryType }.Concat(referenced))
        {
            builder.Append(name).Append('(')
                .Append(string.Join(",", types.Fields(name).Select(f => $"{f.Type} {f.Name}"))).Append(')');
        }
        return builder.ToString();
    }

    /// <summary><c>typeHash</c> = keccak256(encodeType).</summary>
    public static byte[] TypeHash(Eip712Types types, string primaryType) => Keccak256.Hash(EncodeType(types, primaryType));

    /// <summary><c>hashStruct(s)</c> = keccak256(typeHash || encodeData(s)).</summary>
    /// <exception cref="ArgumentException">A value is missing or does not fit its type; the message names the field.</exception>
    public static byte[] HashStruct(Eip712Types types, string primaryType, object value) =>
        Keccak256.Hash([.. TypeHash(types, primaryType), .. EncodeData(types, primaryType, value, primaryType)]);

    /// <summary><c>hashStruct</c> for the first struct of a type string such as
    /// <c>Mail(Person from,string contents)Person(string name,address wallet)</c>.</summary>
    public static byte[] HashStruct(string typeString, object value)
    {
        var types = Eip712Types.Parse(typeString);
        return HashStruct(types, types.First, value);
    }

    /// <summary>The digest to sign: keccak256(0x19 0x01 || domainSeparator || structHash).</summary>
    public static byte[] TypedDataHash(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash)
    {
        if (domainSeparator.Length != 32 || structHash.Length != 32)
        {
            throw new ArgumentException("the domain separator and struct hash are 32 bytes each");
        }
        return Keccak256.Hash([0x19, 0x01, .. domainSeparator, .. structHash]);
    }

    /// <summary>The digest to sign for a struct value under a domain separator.</summary>
    public static byte[] TypedDataHash(ReadOnlySpan<byte> domainSeparator, Eip712Types types, string primaryType, object value) =>
        TypedDataHash(domainSeparator, HashStruct(types, primaryType, value));

    /// <summary>The digest the enclave signs for one report: <see cref="ReportType"/> under the
    /// <c>AttestedOracle</c>/<c>1</c> domain of the target chain and contract.</summary>
    /// <exception cref="ArgumentException">feedId, requestId or sourcesHash is not 32 bytes, or value does not fit int256.</exception>
    public static byte[] ReportDigest(BigInteger chainId, EthAddress verifyingContract, ReadOnlySpan<byte> feedId, ReadOnlySpan<byte> requestId,
        ulong round, BigInteger value, ReadOnlySpan<byte> data, ulong observedAt, ReadOnlySpan<byte> sourcesHash)
    {
        var domain = DomainSeparator(ReportDomainName, ReportDomainVersion, chainId, verifyingContract);
        var report = new object?[] { feedId.ToArray(), requestId.ToArray(), round, value, data.ToArray(), observedAt, sourcesHash.ToArray() };
        return TypedDataHash(domain, HashStruct(ReportTypes, "Report", report));
    }

    private static void CollectReferences(Eip712Types types, string typeName, SortedSet<string> found)
    {
        var baseName = BaseType(typeName);
        if (!types.IsStruct(baseName) || !found.Add(baseName))
        {
            return;
        }
        foreach (var field in types.Fields(baseName))
        {
            CollectReferences(types, field.Type, found);
        }
    }

    private static string BaseType(string typeName)
    {
        var bracket = typeName.IndexOf('[');
        return bracket < 0 ? typeName : typeName[..bracket];
    }

    private static byte[] EncodeData(Eip712Types types, string structName, object value, string path)
    {
        var fields = types.Fields(structName);
        var output = new List<byte>(32 * fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var fieldPath = $"{path}.{field.Name}";
            var fieldValue = value switch
            {
                IReadOnlyDictionary<string, object?> byName => byName.TryGetValue(field.Name, out var v) ? v
                    : throw new ArgumentException($"EIP-712 {fieldPath}: missing"),
                IReadOnlyList<object?> byPosition => i < byPosition.Count ? byPosition[i]
                    : throw new ArgumentException($"EIP-712 {fieldPath}: missing (only {byPosition.Count} values)"),
                _ => throw new ArgumentException($"EIP-712 {path}: a struct value is a dictionary or a list, got {value.GetType().Name}"),
            };
            output.AddRange(EncodeField(types, field.Type, fieldValue, fieldPath));
        }
        return [.. output];
    }

    private static byte[] EncodeField(Eip712Types types, string type, object? value, string path)
    {
        if (type.EndsWith(']'))
        {
            var elementType = type[..type.LastIndexOf('[')];
            if (value is not IEnumerable elements || value is string or byte[])
            {
                throw new ArgumentException($"EIP-712 {path}: {type} needs a list");
            }
            var index = 0;
            var concatenated = elements.Cast<object?>().SelectMany(e => EncodeField(types, elementType, e, $"{path}[{index++}]")).ToArray();
            return Keccak256.Hash(concatenated);
        }
        if (types.IsStruct(type))
        {
            return value is null ? throw new ArgumentException($"EIP-712 {path}: missing struct") : HashStruct(types, type, value);
        }
        try
        {
            switch (type)
            {
                case "bytes":
                    return Keccak256.Hash(value switch
                    {
                        byte[] bytes => bytes,
                        string hex => Hex.Decode(hex),
                        _ => throw new ArgumentException($"a {value?.GetType().Name ?? "null"} is not bytes"),
                    });
                case "string":
                    return Keccak256.Hash(value as string ?? throw new ArgumentException("not a string"));
                default:
                    return AbiCodec.Encode([AbiType.Parse(type)], [value]);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"EIP-712 {path} ({type}): {e.Message}", e);
        }
    }
}
