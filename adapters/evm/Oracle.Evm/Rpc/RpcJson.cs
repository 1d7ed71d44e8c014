using System.Numerics;
using System.Text.Json;

namespace Oracle.Evm;

/// <summary>Reads JSON-RPC result fields; a missing or malformed field is a <see cref="FormatException"/> naming it.</summary>
internal static class RpcJson
{
    public static BigInteger Quantity(JsonElement obj, string name) =>
        OptionalQuantity(obj, name) ?? throw new FormatException($"field '{name}' is missing");

    public static BigInteger? OptionalQuantity(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return QuantityOf(value, name);
    }

    public static BigInteger QuantityOf(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number))
        {
            return number;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"field '{name}' is not a hex quantity: {value.GetRawText()}");
        }
        try
        {
            return Hex.DecodeQuantity(value.GetString()!);
        }
        catch (FormatException e)
        {
            throw new FormatException($"field '{name}': {e.Message}");
        }
    }

    public static ulong U64(JsonElement obj, string name) => ToU64(Quantity(obj, name), name);

    public static ulong? OptionalU64(JsonElement obj, string name) =>
        OptionalQuantity(obj, name) is { } value ? ToU64(value, name) : null;

    public static ulong ToU64(BigInteger value, string name) =>
        value <= ulong.MaxValue ? (ulong)value : throw new FormatException($"field '{name}' exceeds 64 bits");

    public static string Hash(JsonElement obj, string name) =>
        OptionalHash(obj, name) ?? throw new FormatException($"field '{name}' is missing");

    public static string? OptionalHash(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.GetString() ?? "";
        if (text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException($"field '{name}' is not a 32-byte hash: {text}");
        }
        return text.ToLowerInvariant();
    }

    public static byte[] Bytes(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"field '{name}' is missing or not a hex string");
        }
        return BytesOf(value, name);
    }

    public static byte[] BytesOf(JsonElement value, string name)
    {
        try
        {
            return Hex.Decode(value.GetString()!);
        }
        catch (FormatException e)
        {
            throw new FormatException($"field '{name}': {e.Message}");
        }
    }

    public static EthAddress? OptionalAddress(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return EthAddress.TryParse(value.GetString(), out var address) ? address
            : throw new FormatException($"field '{name}' is not an address: {value.GetRawText()}");
    }

    public static EthAddress Address(JsonElement obj, string name) =>
        OptionalAddress(obj, name) ?? throw new FormatException($"field '{name}' is missing");
}
