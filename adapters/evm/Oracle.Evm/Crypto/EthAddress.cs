using System.Diagnostics.CodeAnalysis;

namespace Oracle.Evm;

/// <summary>A 20-byte Ethereum account address. <see cref="ToString"/> gives the EIP-55 checksummed form.</summary>
/// <remarks><c>default(EthAddress)</c> is the zero address.</remarks>
public readonly struct EthAddress : IEquatable<EthAddress>
{
    private readonly byte[]? _bytes;

    private EthAddress(byte[] bytes) => _bytes = bytes;

    /// <summary>The zero address.</summary>
    public static EthAddress Zero => default;

    /// <summary>Wraps 20 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes long.</exception>
    public static EthAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new ArgumentException($"an address is 20 bytes, got {bytes.Length}", nameof(bytes));
        }
        return new EthAddress(bytes.ToArray());
    }

    /// <summary>The address of an uncompressed public key (64 bytes x || y): the last 20 bytes of its Keccak-256.</summary>
    /// <exception cref="ArgumentException">The key is not 64 bytes long.</exception>
    public static EthAddress FromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
        {
            throw new ArgumentException($"a public key is 64 bytes (x || y), got {publicKey64.Length}", nameof(publicKey64));
        }
        return new EthAddress(Keccak256.Hash(publicKey64)[12..]);
    }

    /// <summary>Parses <c>0x</c> and 40 hex digits. All-lowercase and all-uppercase are accepted as is;
    /// mixed case must carry a valid EIP-55 checksum.</summary>
    /// <exception cref="FormatException">The text is not an address or its checksum is wrong.</exception>
    public static EthAddress Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }
        return address;
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthAddress address) => TryParse(text, out address, out _);

    private static bool TryParse(string? text, out EthAddress address, out string error)
    {
        address = default;
        if (text is null || text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is not an address (0x and 40 hex digits)";
            return false;
        }
        var digits = text[2..];
        if (!digits.All(Uri.IsHexDigit))
        {
            error = $"'{text}' is not an address (0x and 40 hex digits)";
            return false;
        }
        address = new EthAddress(Convert.FromHexString(digits));
        var hasLower = digits.Any(char.IsLower);
        var hasUpper = digits.Any(char.IsUpper);
        if (hasLower && hasUpper && address.ToString() != "0x" + digits)
        {
            error = $"'{text}' has a wrong EIP-55 checksum (expected {address})";
            address = default;
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>The 20 bytes (a copy).</summary>
    public byte[] ToBytes() => _bytes is null ? new byte[20] : (byte[])_bytes.Clone();

    /// <summary>The 20 bytes without copying.</summary>
    public ReadOnlySpan<byte> AsSpan() => _bytes is null ? new byte[20] : _bytes;

    /// <summary>Whether this is the zero address.</summary>
    public bool IsZero => _bytes is null || _bytes.All(b => b == 0);

    /// <summary>The EIP-55 checksummed form, <c>0x</c> and 40 mixed-case hex digits.</summary>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(AsSpan());
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            chars[i + 2] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }
        return new string(chars);
    }

    /// <summary>The lowercase form, as JSON-RPC requests carry it.</summary>
    public string ToLowerHex() => Hex.Encode(AsSpan());

    /// <inheritdoc/>
    public bool Equals(EthAddress other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EthAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(AsSpan()[..4]);

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(EthAddress left, EthAddress right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(EthAddress left, EthAddress right) => !left.Equals(right);
}
