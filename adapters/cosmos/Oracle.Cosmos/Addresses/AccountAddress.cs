using System.Security.Cryptography;
using Oracle.Cosmos.Keys;
using Org.BouncyCastle.Crypto.Digests;

namespace Oracle.Cosmos.Addresses;

/// <summary>A Cosmos account address: 20 bytes, ripemd160(sha256(compressed secp256k1 key)), shown as bech32 under a prefix.</summary>
public sealed class AccountAddress : IEquatable<AccountAddress>
{
    private readonly byte[] _bytes;

    private AccountAddress(string prefix, byte[] bytes)
    {
        Prefix = prefix;
        _bytes = bytes;
        Bech32Text = Bech32.Encode(prefix, bytes);
    }

    /// <summary>The human-readable prefix (e.g. "cosmos", "osmo").</summary>
    public string Prefix { get; }

    /// <summary>The 20 address bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The bech32 form.</summary>
    public string Bech32Text { get; }

    /// <summary>The address of a secp256k1 account key under <paramref name="prefix"/>.</summary>
    /// <exception cref="Bech32Exception"><see cref="Bech32Error.BadPrefix"/> or <see cref="Bech32Error.MixedCase"/> for a bad prefix.</exception>
    public static AccountAddress FromPublicKey(Secp256k1PublicKey key, string prefix)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> sha = stackalloc byte[32];
        SHA256.HashData(key.Compressed, sha);
        var ripemd = new RipeMD160Digest();
        ripemd.BlockUpdate(sha);
        var hash = new byte[20];
        ripemd.DoFinal(hash);
        return new AccountAddress(prefix.ToLowerInvariant(), hash);
    }

    /// <summary>Wraps 20 bytes as an address under <paramref name="prefix"/>.</summary>
    /// <exception cref="Bech32Exception"><see cref="Bech32Error.BadAddressLength"/> or a prefix error.</exception>
    public static AccountAddress FromBytes(string prefix, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new Bech32Exception(Bech32Error.BadAddressLength, $"an account address is 20 bytes (got {bytes.Length})");
        }
        return new AccountAddress(prefix.ToLowerInvariant(), bytes.ToArray());
    }

    /// <summary>Parses a bech32 account address, optionally requiring its prefix.</summary>
    /// <exception cref="Bech32Exception">Any bech32 rule, <see cref="Bech32Error.WrongPrefix"/> or <see cref="Bech32Error.BadAddressLength"/>.</exception>
    public static AccountAddress Parse(string text, string? expectedPrefix = null)
    {
        var (prefix, data) = Bech32.Decode(text);
        if (expectedPrefix is not null && !string.Equals(prefix, expectedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new Bech32Exception(Bech32Error.WrongPrefix, $"expected prefix \"{expectedPrefix}\", got \"{prefix}\"");
        }
        return FromBytes(prefix, data);
    }

    /// <inheritdoc/>
    public bool Equals(AccountAddress? other) => other is not null && Prefix == other.Prefix && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AccountAddress);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Prefix, BitConverter.ToInt32(_bytes, 0));

    /// <summary>The bech32 form.</summary>
    public override string ToString() => Bech32Text;
}
