using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Sources;

/// <summary>RFC 6901 JSON Pointer evaluation, and the decimal extraction the enclave applies to the value.</summary>
public static class JsonPointer
{
    /// <summary>Escapes one reference token (<c>~</c> to <c>~0</c>, <c>/</c> to <c>~1</c>).</summary>
    public static string EscapeToken(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Finds the value <paramref name="pointer"/> names.</summary>
    /// <returns>False when the pointer names nothing (a missing member, an index out of range or not in canonical
    /// form, <c>-</c>, or a step into a scalar).</returns>
    /// <exception cref="SourceException"><see cref="SourceErrorCode.PointerNotFound"/>: the pointer is malformed
    /// (does not start with <c>/</c>, or has <c>~</c> not followed by 0 or 1).</exception>
    public static bool TryEvaluate(JsonNode? root, string pointer, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        value = root;
        if (pointer.Length == 0) return true;
        if (pointer[0] != '/') throw Malformed(pointer);
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = Unescape(raw, pointer);
            switch (value)
            {
                case JsonObject o:
                    if (!o.TryGetPropertyValue(token, out value)) return false;
                    break;
                case JsonArray a:
                    if (!IsIndex(token) || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= a.Count)
                        return false;
                    value = a[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    /// <summary>The value <paramref name="pointer"/> names.</summary>
    /// <exception cref="SourceException"><see cref="SourceErrorCode.PointerNotFound"/>: malformed, or names nothing.</exception>
    public static JsonNode? Evaluate(JsonNode? root, string pointer) =>
        TryEvaluate(root, pointer, out var v) ? v : throw new SourceException(SourceErrorCode.PointerNotFound, $"pointer {pointer} names nothing");

    /// <summary>Parses a response body and reads the decimal the pointer names: a JSON number, or a string holding
    /// a plain decimal (optional '-', digits, optional fraction), as the enclave accepts for an int256 result.</summary>
    /// <exception cref="SourceException">The pointer names nothing, or not a decimal.</exception>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static decimal EvaluateDecimal(string json, string pointer)
    {
        var node = Evaluate(JsonNode.Parse(json), pointer);
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.Number:
                    return decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                case JsonValueKind.String:
                    var s = v.GetValue<string>();
                    if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                        && s.Length > 0 && s[0] != '+' && !s.StartsWith('.') && !s.EndsWith('.'))
                        return d;
                    break;
            }
        }
        throw new SourceException(SourceErrorCode.ValueNotNumber, $"pointer {pointer} names {node?.ToJsonString() ?? "null"}, not a decimal");
    }

    private static bool IsIndex(string token) =>
        token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0');

    private static string Unescape(string raw, string pointer)
    {
        if (!raw.Contains('~', StringComparison.Ordinal)) return raw;
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                sb.Append(raw[i]);
                continue;
            }
            if (i + 1 >= raw.Length) throw Malformed(pointer);
            sb.Append(raw[++i] switch { '0' => '~', '1' => '/', _ => throw Malformed(pointer) });
        }
        return sb.ToString();
    }

    private static SourceException Malformed(string pointer) =>
        new(SourceErrorCode.PointerNotFound, $"pointer \"{pointer}\" is not an RFC 6901 pointer");
}
