using System.Globalization;
using System.Text.Json;

namespace Oracle.Cosmos.Rpc;

/// <summary>
/// Strict readers for the JSON CometBFT 0.38 writes (libs/json, "Amino JSON"): 64-bit integers as decimal strings,
/// 32-bit ones as numbers, <c>HexBytes</c> as hex strings, <c>[]byte</c> as base64 (null when nil), times as RFC 3339.
/// Every failure is a <see cref="CometFormatException"/> naming the field's path.
/// </summary>
/// <remarks>Fields the protobuf-generated ABCI types mark <c>omitempty</c> are read with the <c>Opt</c> readers
/// (absent means zero, empty); everything else is required.</remarks>
internal static class CometJson
{
    public static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new CometFormatException(path, $"expected an object, got {Kind(obj)}");
        }
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new CometFormatException(Path(path, name), "missing");
        }
        return value;
    }

    public static JsonElement? Optional(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new CometFormatException(path, $"expected an object, got {Kind(obj)}");
        }
        return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public static JsonElement Object(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return value.ValueKind == JsonValueKind.Object ? value : throw Wrong(path, name, "an object", value);
    }

    public static JsonElement? OptObject(JsonElement obj, string name, string path)
    {
        var value = Optional(obj, name, path);
        return value is null || value.Value.ValueKind == JsonValueKind.Object ? value : throw Wrong(path, name, "an object", value.Value);
    }

    public static string String(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(path, name, "a string", value);
    }

    public static string OptString(JsonElement obj, string name, string path)
    {
        var value = Optional(obj, name, path);
        return value is null ? "" : value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : throw Wrong(path, name, "a string", value.Value);
    }

    public static bool Bool(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(path, name, "true or false", value),
        };
    }

    public static bool OptBool(JsonElement obj, string name, string path) =>
        Optional(obj, name, path) is { } _ && Bool(obj, name, path);

    /// <summary>A 64-bit integer sent as a decimal string (<c>"12"</c>); <paramref name="min"/> bounds it (0 for heights).</summary>
    public static long Int64(JsonElement obj, string name, string path, long min = long.MinValue)
    {
        var value = Required(obj, name, path);
        return ParseInt64(value, Path(path, name), min);
    }

    /// <summary>An omitempty 64-bit integer: absent means 0.</summary>
    public static long OptInt64(JsonElement obj, string name, string path, long min = long.MinValue) =>
        Optional(obj, name, path) is { } value ? ParseInt64(value, Path(path, name), min) : 0;

    public static long ParseInt64(JsonElement value, string field, long min)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new CometFormatException(field, $"expected a 64-bit integer as a decimal string, got {Kind(value)}");
        }
        var text = value.GetString()!;
        if (!IsDecimal(text) || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new CometFormatException(field, $"'{Shorten(text)}' is not a decimal 64-bit integer");
        }
        return n >= min ? n : throw new CometFormatException(field, $"{n} is below {min}");
    }

    /// <summary>An unsigned 64-bit integer sent as a decimal string.</summary>
    public static ulong UInt64(JsonElement obj, string name, string path, bool optional = false)
    {
        var value = optional ? Optional(obj, name, path) : Required(obj, name, path);
        if (value is null)
        {
            return 0;
        }
        var field = Path(path, name);
        if (value.Value.ValueKind != JsonValueKind.String)
        {
            throw new CometFormatException(field, $"expected an unsigned 64-bit integer as a decimal string, got {Kind(value.Value)}");
        }
        var text = value.Value.GetString()!;
        return !text.StartsWith('-') && IsDecimal(text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CometFormatException(field, $"'{Shorten(text)}' is not a decimal unsigned 64-bit integer");
    }

    /// <summary>A 32-bit unsigned integer sent as a JSON number (ABCI codes, indexes, part totals).</summary>
    public static uint UInt32(JsonElement obj, string name, string path, bool optional = false)
    {
        var value = optional ? Optional(obj, name, path) : Required(obj, name, path);
        if (value is null)
        {
            return 0;
        }
        return value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetUInt32(out var n)
            ? n
            : throw Wrong(path, name, "an unsigned 32-bit number", value.Value);
    }

    /// <summary>A 32-bit signed integer sent as a JSON number (commit rounds).</summary>
    public static int Int32(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Wrong(path, name, "a 32-bit number", value);
    }

    /// <summary><c>HexBytes</c>: a hex string (uppercase from the node), possibly empty.</summary>
    public static byte[] Hex(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return ParseHex(value, Path(path, name));
    }

    public static byte[] ParseHex(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new CometFormatException(field, $"expected a hex string, got {Kind(value)}");
        }
        var text = value.GetString()!;
        if (text.Length % 2 != 0)
        {
            throw new CometFormatException(field, $"'{Shorten(text)}' has an odd number of hex digits");
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new CometFormatException(field, $"'{Shorten(text)}' is not hex");
        }
    }

    /// <summary><c>[]byte</c>: base64, null (a nil slice) or absent (omitempty) meaning empty when <paramref name="optional"/>.</summary>
    public static byte[] Base64(JsonElement obj, string name, string path, bool optional = false)
    {
        var value = optional ? Optional(obj, name, path) : Required(obj, name, path);
        return value is null ? [] : ParseBase64(value.Value, Path(path, name));
    }

    public static byte[] ParseBase64(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new CometFormatException(field, $"expected a base64 string, got {Kind(value)}");
        }
        var text = value.GetString()!;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new CometFormatException(field, $"'{Shorten(text)}' is not base64");
        }
    }

    public static CometTime Time(JsonElement obj, string name, string path)
    {
        var text = String(obj, name, path);
        return CometTime.TryParse(text) ?? throw new CometFormatException(Path(path, name), $"'{Shorten(text)}' is not an RFC 3339 time");
    }

    /// <summary>A JSON array (null, which Go writes for a nil slice, reads as empty), each item read by <paramref name="item"/>.</summary>
    public static IReadOnlyList<T> Array<T>(JsonElement obj, string name, string path, Func<JsonElement, string, T> item, bool optional = false)
    {
        var value = optional ? Optional(obj, name, path) : Required(obj, name, path);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(path, name, "an array", value.Value);
        }
        var field = Path(path, name);
        var list = new List<T>(value.Value.GetArrayLength());
        var i = 0;
        foreach (var element in value.Value.EnumerateArray())
        {
            list.Add(item(element, $"{field}[{i}]"));
            i++;
        }
        return list;
    }

    public static JsonElement RequireObject(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw new CometFormatException(path, $"expected an object, got {Kind(value)}");

    public static string StringItem(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CometFormatException(path, $"expected a string, got {Kind(value)}");

    private static CometFormatException Wrong(string path, string name, string expected, JsonElement got) =>
        new(Path(path, name), $"expected {expected}, got {Kind(got)}");

    private static bool IsDecimal(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0 || digits.Length > 20)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
