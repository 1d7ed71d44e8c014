namespace Oracle.Evm;

/// <summary>Hex strings as Ethereum tooling writes them: <c>0x</c> prefix, lowercase.</summary>
public static class Hex
{
    /// <summary>Encodes bytes as <c>0x</c> followed by lowercase hex digits (<c>0x</c> for no bytes).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes a hex string with or without the <c>0x</c> prefix.</summary>
    /// <remarks>An odd number of digits is accepted for quantities and padded with a leading zero.</remarks>
    /// <exception cref="FormatException">The text holds a character that is not a hex digit.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }
        if (digits.Length % 2 == 1)
        {
            return Convert.FromHexString("0" + digits.ToString());
        }
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{Shorten(hex)}' is not a hex string");
        }
    }

    /// <summary>Encodes a non-negative integer as a JSON-RPC quantity (<c>0x0</c>, <c>0x1a</c>: no leading zeros).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static string EncodeQuantity(System.Numerics.BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }
        var text = Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
        return "0x" + text;
    }

    /// <summary>Decodes a JSON-RPC quantity (<c>0x1a</c>) to a non-negative integer.</summary>
    /// <exception cref="FormatException">The text is not a hex quantity.</exception>
    public static System.Numerics.BigInteger DecodeQuantity(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (!quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || quantity.Length == 2)
        {
            throw new FormatException($"'{Shorten(quantity)}' is not a hex quantity");
        }
        return new System.Numerics.BigInteger(Decode(quantity), isUnsigned: true, isBigEndian: true);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
