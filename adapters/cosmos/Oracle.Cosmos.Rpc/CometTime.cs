using System.Globalization;

namespace Oracle.Cosmos.Rpc;

/// <summary>A CometBFT timestamp with its full nanosecond precision (block headers are hashed with it,
/// and <see cref="DateTimeOffset"/> keeps only 100 ns ticks).</summary>
/// <param name="UnixSeconds">Seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="Nanos">Nanoseconds within the second, 0 to 999,999,999.</param>
public readonly record struct CometTime(long UnixSeconds, int Nanos)
{
    /// <summary>The time truncated to 100 ns ticks.</summary>
    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds).AddTicks(Nanos / 100);

    /// <summary>RFC 3339 in UTC with the fraction CometBFT prints (Go's RFC3339Nano: trailing zeros dropped).</summary>
    public override string ToString()
    {
        var text = DateTimeOffset.FromUnixTimeSeconds(UnixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return Nanos == 0 ? text + "Z" : text + "." + Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    /// <summary>Parses RFC 3339 with up to nine fraction digits and <c>Z</c> or a numeric offset
    /// (<c>2024-05-01T12:00:00.123456789Z</c>); null when <paramref name="text"/> is not that.</summary>
    public static CometTime? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // yyyy-MM-ddTHH:mm:ss is 19 characters; the fraction and the zone follow.
        if (text.Length < 20 || text[10] is not ('T' or 't'))
        {
            return null;
        }
        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wholeSeconds))
        {
            return null;
        }
        var i = 19;
        var nanos = 0;
        if (text[i] == '.')
        {
            i++;
            var digits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (++digits > 9)
                {
                    return null;
                }
                nanos = nanos * 10 + (text[i] - '0');
                i++;
            }
            if (digits == 0)
            {
                return null;
            }
            for (var d = digits; d < 9; d++)
            {
                nanos *= 10;
            }
        }
        var zone = text[i..];
        TimeSpan offset;
        if (zone is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':'
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && hours < 24 && minutes < 60)
        {
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else
        {
            return null;
        }
        var unix = new DateTimeOffset(DateTime.SpecifyKind(wholeSeconds, DateTimeKind.Unspecified), offset).ToUnixTimeSeconds();
        return new CometTime(unix, nanos);
    }
}
