using System.Globalization;

namespace Oracle.Cosmos.Keys;

/// <summary>A BIP-32 derivation path such as <c>m/44'/118'/0'/0/0</c>: child indices, hardened ones with bit 31 set.</summary>
public sealed class Bip32Path
{
    /// <summary>The bit that marks a hardened index.</summary>
    public const uint HardenedBit = 0x80000000;

    private readonly uint[] _indices;

    private Bip32Path(uint[] indices) => _indices = indices;

    /// <summary>The Cosmos Hub default path m/44'/118'/0'/0/0.</summary>
    public static Bip32Path CosmosHub { get; } = Parse("m/44'/118'/0'/0/0");

    /// <summary>The child indices in order (hardened ones include <see cref="HardenedBit"/>).</summary>
    public IReadOnlyList<uint> Indices => _indices;

    /// <summary>
    /// Parses <c>m</c> followed by <c>/</c>-separated decimal indices below 2^31, each optionally hardened with
    /// <c>'</c> (or <c>h</c>/<c>H</c>).
    /// </summary>
    /// <exception cref="KeyException"><see cref="KeyError.BadPath"/> or <see cref="KeyError.IndexOutOfRange"/>.</exception>
    public static Bip32Path Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        if (parts[0] != "m")
        {
            throw new KeyException(KeyError.BadPath, "a path starts with \"m\"");
        }
        var indices = new uint[parts.Length - 1];
        for (int i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            bool hardened = part.Length > 0 && part[^1] is '\'' or 'h' or 'H';
            var digits = hardened ? part[..^1] : part;
            if (digits.Length == 0 || digits.Length > 10 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
            {
                throw new KeyException(KeyError.BadPath, $"component {i} (\"{part}\") is not a decimal index with an optional '");
            }
            ulong value = ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value >= HardenedBit)
            {
                throw new KeyException(KeyError.IndexOutOfRange, $"component {i} is {value}, not below 2^31");
            }
            indices[i - 1] = (uint)value | (hardened ? HardenedBit : 0);
        }
        return new Bip32Path(indices);
    }

    /// <summary>The path in <c>m/44'/118'/...</c> notation.</summary>
    public override string ToString() =>
        "m" + string.Concat(_indices.Select(i => "/" + (i & ~HardenedBit).ToString(CultureInfo.InvariantCulture) + ((i & HardenedBit) != 0 ? "'" : "")));
}
