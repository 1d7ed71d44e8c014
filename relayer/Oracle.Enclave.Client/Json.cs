using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Oracle.Enclave.Client;

/// <summary>Reading the enclave's JSON: hex, decimal strings and uint64 in either form. Throws <see cref="JsonException"/>.</summary>
internal static class Json
{
    public static JsonElement Required(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null
            ? v
            : throw new JsonException($"'{name}' missing");

    public static JsonElement? Optional(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string RequiredString(JsonElement o, string name) =>
        Required(o, name).GetString() ?? throw new JsonException($"'{name}' is not a string");

    public static string? OptionalString(JsonElement o, string name) => Optional(o, name)?.GetString();

    /// <summary>A JSON number or decimal string, as uint64.</summary>
    public static ulong? OptionalUInt64(JsonElement o, string name) => Optional(o, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } n => n.GetUInt64(),
        { ValueKind: JsonValueKind.String } s => ulong.Parse(s.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture),
        _ => throw new JsonException($"'{name}' is not a uint64"),
    };

    /// <summary>A decimal string (possibly negative) or a JSON number, as an integer.</summary>
    public static BigInteger? OptionalInteger(JsonElement o, string name) => Optional(o, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } n => BigInteger.Parse(n.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } s => ParseInteger(s.GetString()!, name),
        _ => throw new JsonException($"'{name}' is not an integer"),
    };

    /// <summary>0x-hex bytes.</summary>
    public static byte[] Hex(string text, string name)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length % 2 != 0)
            throw new JsonException($"'{name}' is not 0x-prefixed hex");
        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException e)
        {
            throw new JsonException($"'{name}' is not 0x-prefixed hex", e);
        }
    }

    /// <summary>0x-hex (unsigned, big-endian) or decimal.</summary>
    public static BigInteger ParseInteger(string text, string name)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
            return new BigInteger(Hex(text.Length % 2 == 0 ? text : "0x0" + text[2..], name), isUnsigned: true, isBigEndian: true);
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger v)) return v;
        throw new JsonException($"'{name}' is not an integer: '{text}'");
    }
}
