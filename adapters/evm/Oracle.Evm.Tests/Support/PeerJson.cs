using System.Numerics;
using System.Text.Json.Nodes;

namespace Oracle.Evm.Tests.Support;

/// <summary>Converts decoded ABI values to the JSON the ethers peer speaks: integers as {"i": "decimal"},
/// addresses checksummed, bytes as lowercase hex, lists as arrays.</summary>
internal static class PeerJson
{
    public static JsonNode? Of(object? value) => value switch
    {
        BigInteger big => new JsonObject { ["i"] = big.ToString() },
        ulong u => new JsonObject { ["i"] = u.ToString() },
        long l => new JsonObject { ["i"] = l.ToString() },
        int i => new JsonObject { ["i"] = i.ToString() },
        EthAddress address => JsonValue.Create(address.ToString()),
        byte[] bytes => JsonValue.Create(Hex.Encode(bytes)),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        IEnumerable<object?> list => new JsonArray([.. list.Select(Of)]),
        null => null,
        _ => throw new ArgumentException($"no peer JSON for {value.GetType().Name}"),
    };

    /// <summary>A canonical string for deep comparison of values.</summary>
    public static string Canonical(object? value) => Of(value)?.ToJsonString() ?? "null";
}
