using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Tx;

/// <summary>
/// JSON text exactly as cosmjs's <c>serializeSignDoc</c> makes it: <c>JSON.stringify</c> of the value with every
/// object's keys sorted (UTF-16 code-unit order, as JavaScript's default sort), no whitespace, and then
/// <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> written as <c>\u0026</c>, <c>\u003c</c>, <c>\u003e</c>.
/// </summary>
/// <remarks>
/// Strings are escaped as <c>JSON.stringify</c> does (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other control
/// characters and lone surrogates as lower-case <c>\u00xx</c>); numbers are printed as JavaScript prints the
/// double they parse to (<see cref="FormatNumber"/>).
/// </remarks>
public static class SortedJson
{
    /// <summary>The sorted, escaped JSON text of <paramref name="node"/> (null is JSON null).</summary>
    public static string Stringify(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>The UTF-8 bytes of <see cref="Stringify"/>.</summary>
    public static byte[] Serialize(JsonNode? node) => Encoding.UTF8.GetBytes(Stringify(node));

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(sb, node.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        sb.Append(FormatNumber(double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                        break;
                    case JsonValueKind.True:
                        sb.Append("true");
                        break;
                    case JsonValueKind.False:
                        sb.Append("false");
                        break;
                    default:
                        sb.Append("null");
                        break;
                }
                break;
        }
    }

    /// <summary>A string as <c>JSON.stringify</c> writes it, then with <c>&amp; &lt; &gt;</c> escaped.</summary>
    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '&': sb.Append("\\u0026"); break;
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>
    /// A double as JavaScript's Number.prototype.toString prints it (ECMA-262 Number::toString, radix 10):
    /// shortest round-trip digits, plain notation for exponents in [-7, 21), otherwise <c>d.ddde+N</c>;
    /// non-finite values are <c>null</c> as in JSON.stringify.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }
        if (value == 0)
        {
            return "0";
        }
        var sign = value < 0 ? "-" : "";
        // .NET Core 3.0+ "R" is the shortest round-trip form; split it into digits and a decimal exponent.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string mantissa = shortest;
        int exp10 = 0;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exp10 = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        int dot = mantissa.IndexOf('.');
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int pointPos = (dot >= 0 ? dot : mantissa.Length) + exp10; // value = 0.digits... * 10^pointPos after trimming
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }
        digits = digits[lead..];
        pointPos -= lead;
        digits = digits.TrimEnd('0');
        int k = digits.Length;
        int n = pointPos;
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            text = "0." + new string('0', -n) + digits;
        }
        else
        {
            int exponent = n - 1;
            var expText = (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
            text = k == 1 ? digits + "e" + expText : digits[0] + "." + digits[1..] + "e" + expText;
        }
        return sign + text;
    }
}
