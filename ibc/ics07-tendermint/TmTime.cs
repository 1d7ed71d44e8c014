using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// A CometBFT time: seconds since the Unix epoch and nanoseconds, with nanosecond precision (which
/// <see cref="DateTimeOffset"/> does not have) over Go's range, 0001-01-01 to 9999-12-31 UTC.
/// </summary>
/// <remarks><c>default(TmTime)</c> is the Unix epoch; Go's zero time (what an absent protobuf timestamp
/// means upstream) is <see cref="GoZero"/>.</remarks>
public readonly record struct TmTime : IComparable<TmTime>
{
    /// <summary>Seconds of 0001-01-01T00:00:00Z, the smallest valid time and Go's zero <c>time.Time</c>.</summary>
    public const long MinSeconds = -62135596800;
    /// <summary>Seconds of 9999-12-31T23:59:59Z, the largest valid second.</summary>
    public const long MaxSeconds = 253402300799;
    private const int NanosPerSecond = 1_000_000_000;

    /// <summary>Creates a time; <see cref="IsValid"/> tells whether it is in range.</summary>
    public TmTime(long seconds, int nanos)
    {
        Seconds = seconds;
        Nanos = nanos;
    }

    /// <summary>Whole seconds since 1970-01-01T00:00:00Z.</summary>
    public long Seconds { get; }

    /// <summary>Nanoseconds within the second, 0..999,999,999.</summary>
    public int Nanos { get; }

    /// <summary>Go's zero time, 0001-01-01T00:00:00Z.</summary>
    public static TmTime GoZero { get; } = new(MinSeconds, 0);

    /// <summary>True when the seconds and nanoseconds are in range.</summary>
    public bool IsValid => Seconds is >= MinSeconds and <= MaxSeconds && Nanos is >= 0 and < NanosPerSecond;

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public Int128 UnixNanos => (Int128)Seconds * NanosPerSecond + Nanos;

    /// <summary>The time from nanoseconds since the Unix epoch (not range-checked).</summary>
    public static TmTime FromUnixNanos(Int128 nanos)
    {
        var seconds = Int128.DivRem(nanos, NanosPerSecond);
        var (q, r) = seconds;
        if (r < 0)
        {
            q -= 1;
            r += NanosPerSecond;
        }
        return new TmTime((long)Int128.Clamp(q, long.MinValue, long.MaxValue), (int)r);
    }

    /// <summary>The time <paramref name="span"/> later (earlier when negative); not range-checked.</summary>
    public TmTime Add(TimeSpan span) => FromUnixNanos(UnixNanos + (Int128)span.Ticks * 100);

    /// <summary>The time of a protobuf timestamp; a missing one is Go's zero time, as gogoproto decodes it.</summary>
    public static TmTime FromProto(Timestamp? timestamp) => timestamp is null ? GoZero : new(timestamp.Seconds, timestamp.Nanos);

    /// <summary>The protobuf timestamp of this time.</summary>
    public Timestamp ToProto() => new() { Seconds = Seconds, Nanos = Nanos };

    /// <summary>The time of a <see cref="DateTimeOffset"/> (100 ns precision).</summary>
    public static TmTime FromDateTimeOffset(DateTimeOffset value) =>
        FromUnixNanos((Int128)(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);

    /// <summary>
    /// Parses RFC 3339 as CometBFT writes it: <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)</c>
    /// with 1 to 9 fraction digits.
    /// </summary>
    /// <returns>False when the text is not such a time or is out of range.</returns>
    public static bool TryParse(string? text, out TmTime time)
    {
        time = default;
        if (text is null || text.Length < 20 || text.Length > 35)
            return false;
        var s = text.AsSpan();
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, out var hour)
            || s[13] != ':' || !Digits(s, 14, 2, out var minute) || s[16] != ':' || !Digits(s, 17, 2, out var second))
            return false;
        var i = 19;
        var nanos = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 9)
                nanos = nanos * 10 + (s[i++] - '0');
            var digits = i - start;
            if (digits == 0 || (i < s.Length && char.IsAsciiDigit(s[i])))
                return false;
            for (var k = digits; k < 9; k++)
                nanos *= 10;
        }
        if (i >= s.Length)
            return false;
        long offsetSeconds = 0;
        if (s[i] is 'Z' or 'z')
        {
            i++;
        }
        else if (s[i] is '+' or '-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            if (s.Length - i != 6 || !Digits(s, i + 1, 2, out var oh) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out var om)
                || oh > 23 || om > 59)
                return false;
            offsetSeconds = sign * (oh * 3600L + om * 60L);
            i += 6;
        }
        else
        {
            return false;
        }
        if (i != s.Length || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || year < 1 || hour > 23 || minute > 59 || second > 59)
            return false;
        var days = new DateOnly(year, month, day).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var seconds = days * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        time = new TmTime(seconds, nanos);
        return time.IsValid;
    }

    private static bool Digits(ReadOnlySpan<char> s, int at, int count, out int value)
    {
        value = 0;
        for (var k = at; k < at + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
                return false;
            value = value * 10 + (s[k] - '0');
        }
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(TmTime other) => Seconds != other.Seconds ? Seconds.CompareTo(other.Seconds) : Nanos.CompareTo(other.Nanos);

    /// <summary>Earlier than.</summary>
    public static bool operator <(TmTime a, TmTime b) => a.CompareTo(b) < 0;
    /// <summary>Later than.</summary>
    public static bool operator >(TmTime a, TmTime b) => a.CompareTo(b) > 0;
    /// <summary>Not later than.</summary>
    public static bool operator <=(TmTime a, TmTime b) => a.CompareTo(b) <= 0;
    /// <summary>Not earlier than.</summary>
    public static bool operator >=(TmTime a, TmTime b) => a.CompareTo(b) >= 0;

    /// <summary>RFC 3339 in UTC with the nanoseconds CometBFT writes (trailing zeros trimmed), or the raw
    /// fields when out of range.</summary>
    public override string ToString()
    {
        if (!IsValid)
            return $"{{seconds={Seconds}, nanos={Nanos}}}";
        var dt = DateTime.UnixEpoch.AddSeconds(Seconds);
        var text = dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (Nanos != 0)
            text += "." + Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }
}
