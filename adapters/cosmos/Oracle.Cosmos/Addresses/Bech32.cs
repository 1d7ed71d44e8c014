using System.Text;

namespace Oracle.Cosmos.Addresses;

/// <summary>
/// Bech32 (BIP-173, checksum constant 1; not bech32m) over bytes: the data is regrouped from 8-bit to 5-bit values
/// as Cosmos addresses are. Any human-readable prefix; total length at most 90.
/// </summary>
public static class Bech32
{
    /// <summary>The BIP-173 length limit.</summary>
    public const int MaxLength = 90;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly sbyte[] CharsetRev = BuildRev();

    private static sbyte[] BuildRev()
    {
        var rev = new sbyte[128];
        Array.Fill(rev, (sbyte)-1);
        for (int i = 0; i < Charset.Length; i++)
        {
            rev[Charset[i]] = (sbyte)i;
        }
        return rev;
    }

    /// <summary>Encodes <paramref name="data"/> under <paramref name="prefix"/> (lower case output).</summary>
    /// <exception cref="Bech32Exception"><see cref="Bech32Error.BadPrefix"/>, <see cref="Bech32Error.MixedCase"/> or <see cref="Bech32Error.TooLong"/>.</exception>
    public static string Encode(string prefix, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        CheckPrefix(prefix);
        if (prefix.Any(char.IsAsciiLetterLower) && prefix.Any(char.IsAsciiLetterUpper))
        {
            throw new Bech32Exception(Bech32Error.MixedCase, "the prefix mixes upper and lower case");
        }
        var hrp = prefix.ToLowerInvariant();
        var values = ToFiveBit(data);
        if (hrp.Length + 1 + values.Length + 6 > MaxLength)
        {
            throw new Bech32Exception(Bech32Error.TooLong, $"the encoding would be {hrp.Length + 7 + values.Length} characters, over {MaxLength}");
        }
        var checksum = Checksum(hrp, values);
        var sb = new StringBuilder(hrp.Length + 1 + values.Length + 6);
        sb.Append(hrp).Append('1');
        foreach (var v in values)
        {
            sb.Append(Charset[v]);
        }
        foreach (var v in checksum)
        {
            sb.Append(Charset[v]);
        }
        return sb.ToString();
    }

    /// <summary>Decodes a bech32 string into its (lower-case) prefix and bytes.</summary>
    /// <exception cref="Bech32Exception">The first rule the string breaks.</exception>
    public static (string Prefix, byte[] Data) Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new Bech32Exception(Bech32Error.TooLong, $"{text.Length} characters, over {MaxLength}");
        }
        bool lower = false, upper = false;
        foreach (var c in text)
        {
            if (c is < (char)33 or > (char)126)
            {
                throw new Bech32Exception(Bech32Error.InvalidChar, $"character U+{(int)c:X4} is outside ASCII 33..126");
            }
            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
        }
        if (lower && upper)
        {
            throw new Bech32Exception(Bech32Error.MixedCase, "the string mixes upper and lower case");
        }
        var s = text.ToLowerInvariant();
        int sep = s.LastIndexOf('1');
        if (sep < 0 || s.Length - sep - 1 < 6)
        {
            throw new Bech32Exception(Bech32Error.NoSeparator, "no '1' separator followed by at least 6 characters");
        }
        if (sep == 0)
        {
            throw new Bech32Exception(Bech32Error.BadPrefix, "the prefix is empty");
        }
        var hrp = s[..sep];
        var values = new byte[s.Length - sep - 1];
        for (int i = 0; i < values.Length; i++)
        {
            var c = s[sep + 1 + i];
            int v = c < 128 ? CharsetRev[c] : -1;
            if (v < 0)
            {
                throw new Bech32Exception(Bech32Error.InvalidChar, $"'{c}' at position {sep + 1 + i} is not a bech32 character");
            }
            values[i] = (byte)v;
        }
        if (Polymod(hrp, values) != 1)
        {
            throw new Bech32Exception(Bech32Error.BadChecksum, "the checksum does not verify");
        }
        return (hrp, FromFiveBit(values.AsSpan(0, values.Length - 6)));
    }

    private static void CheckPrefix(string prefix)
    {
        if (prefix.Length == 0 || prefix.Any(c => c is < (char)33 or > (char)126))
        {
            throw new Bech32Exception(Bech32Error.BadPrefix, "a prefix is 1 or more characters in ASCII 33..126");
        }
    }

    private static byte[] ToFiveBit(ReadOnlySpan<byte> data)
    {
        var output = new byte[(data.Length * 8 + 4) / 5];
        int acc = 0, bits = 0, o = 0;
        foreach (var b in data)
        {
            acc = (acc << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                output[o++] = (byte)((acc >> bits) & 31);
            }
        }
        if (bits > 0)
        {
            output[o++] = (byte)((acc << (5 - bits)) & 31);
        }
        return output;
    }

    private static byte[] FromFiveBit(ReadOnlySpan<byte> values)
    {
        var output = new byte[values.Length * 5 / 8];
        int acc = 0, bits = 0, o = 0;
        foreach (var v in values)
        {
            acc = ((acc << 5) | v) & 0xfff;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[o++] = (byte)((acc >> bits) & 0xff);
            }
        }
        if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0)
        {
            throw new Bech32Exception(Bech32Error.BadPadding, "the data's padding bits are not zero or exceed 4 bits");
        }
        return output;
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
        {
            chk = Step(chk, (byte)(c >> 5));
        }
        chk = Step(chk, 0);
        foreach (var c in hrp)
        {
            chk = Step(chk, (byte)(c & 31));
        }
        foreach (var v in values)
        {
            chk = Step(chk, v);
        }
        return chk;
    }

    private static uint Step(uint chk, byte value)
    {
        uint top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static byte[] Checksum(string hrp, byte[] values)
    {
        var withZeros = new byte[values.Length + 6];
        values.CopyTo(withZeros, 0);
        uint mod = Polymod(hrp, withZeros) ^ 1;
        var checksum = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            checksum[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        }
        return checksum;
    }
}
