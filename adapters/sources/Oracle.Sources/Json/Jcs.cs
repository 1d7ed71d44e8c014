using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Sources;

/// <summary>RFC 8785 JSON Canonicalization Scheme over <see cref="JsonNode"/>s: object members sorted by the UTF-16
/// code units of their names, no whitespace, strings escaped as ECMAScript's JSON.stringify does, numbers as
/// ECMAScript's Number.prototype.toString prints the IEEE 754 double.</summary>
/// <remarks>Like the enclave (trusted/json_canon.c) a lone surrogate is written as a lowercase <c>\udxxx</c> escape
/// rather than refused. With <c>integersOnly</c> the enclave's stricter rule applies: every number must be an
/// integer literal of magnitude at most 2^53, which is exactly the set on which both agree byte for byte.</remarks>
public static class Jcs
{
    private const long MaxSafe = 9007199254740992; // 2^53, the enclave's bound

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>.</summary>
    /// <param name="node">The value (null is JSON null).</param>
    /// <param name="integersOnly">Refuse numbers the enclave refuses (fractions, exponents, |n| &gt; 2^53).</param>
    /// <exception cref="SourceException"><see cref="SourceErrorCode.NotCanonicalizable"/>: NaN, an infinity, or
    /// (with <paramref name="integersOnly"/>) a non-integer or too large number.</exception>
    public static byte[] Canonicalize(JsonNode? node, bool integersOnly = false)
    {
        var sb = new StringBuilder();
        Write(sb, node, integersOnly);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The canonical form as a string (see <see cref="Canonicalize"/>).</summary>
    public static string CanonicalizeToString(JsonNode? node, bool integersOnly = false) =>
        Encoding.UTF8.GetString(Canonicalize(node, integersOnly));

    private static void Write(StringBuilder sb, JsonNode? node, bool integersOnly)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                return;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value, integersOnly);
                }
                sb.Append('}');
                return;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, a[i], integersOnly);
                }
                sb.Append(']');
                return;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(sb, v.GetValue<string>()); return;
                    case JsonValueKind.True: sb.Append("true"); return;
                    case JsonValueKind.False: sb.Append("false"); return;
                    case JsonValueKind.Null: sb.Append("null"); return;
                    case JsonValueKind.Number: WriteNumber(sb, v.ToJsonString(), integersOnly); return;
                    default: throw new SourceException(SourceErrorCode.NotCanonicalizable, $"JCS: unsupported value {v.ToJsonString()}");
                }
            default:
                throw new SourceException(SourceErrorCode.NotCanonicalizable, "JCS: unsupported node");
        }
    }

    private static void WriteNumber(StringBuilder sb, string literal, bool integersOnly)
    {
        if (integersOnly)
        {
            if (!long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n > MaxSafe || n < -MaxSafe
                || literal.StartsWith('+'))
                throw new SourceException(SourceErrorCode.NotCanonicalizable, $"JCS: {literal} is not an integer of magnitude at most 2^53");
            sb.Append(n.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var d = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        sb.Append(EcmaNumber(d));
    }

    /// <summary>ECMAScript Number.prototype.toString(10) of a finite double (ECMA-262 Number::toString).</summary>
    /// <exception cref="SourceException">NaN or an infinity.</exception>
    public static string EcmaNumber(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
            throw new SourceException(SourceErrorCode.NotCanonicalizable, "JCS: NaN and infinities have no JSON form");
        if (d == 0) return "0";
        if (d < 0) return "-" + EcmaNumber(-d);
        // .NET's "R" is the shortest round-tripping digit string; take its digits and decimal exponent.
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? r : r[..e];
        var exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = dot < 0 ? mantissa : intPart + mantissa[(dot + 1)..];
        var n = intPart.Length + exp; // value = 0.digits * 10^n
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..].TrimEnd('0');
        n -= lead;
        var k = digits.Length;
        if (k <= n && n <= 21) return digits + new string('0', n - k);
        if (0 < n && n <= 21) return digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
        var exponent = n - 1;
        var sign = exponent < 0 ? "-" : "+";
        var mant = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mant + "e" + sign + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        i++;
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
}
