using System.Buffers.Binary;
using System.Security.Cryptography;
using static Oracle.Cosmos.Keys.Secp256k1Native;

namespace Oracle.Cosmos.Keys;

/// <summary>A BIP-32 extended private key (key and chain code) on secp256k1.</summary>
/// <remarks>The key and chain code are zeroed by <see cref="Dispose"/>.</remarks>
public sealed unsafe class ExtendedPrivateKey : IDisposable
{
    private static readonly byte[] MasterSalt = "Bitcoin seed"u8.ToArray();
    private readonly byte[] _key;
    private readonly byte[] _chainCode;

    private ExtendedPrivateKey(byte[] key, byte[] chainCode)
    {
        _key = key;
        _chainCode = chainCode;
    }

    /// <summary>A copy of the 32-byte chain code.</summary>
    public byte[] ChainCode => (byte[])_chainCode.Clone();

    /// <summary>The master key: I = HMAC-SHA512("Bitcoin seed", seed), key = IL, chain code = IR.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.BadSeedLength"/> (not 16..64 bytes) or <see cref="KeyError.InvalidDerivedKey"/>.</exception>
    public static ExtendedPrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length is < 16 or > 64)
        {
            throw new KeyException(KeyError.BadSeedLength, $"a BIP-32 seed is 16 to 64 bytes (got {seed.Length})");
        }
        var i = HMACSHA512.HashData(MasterSalt, seed);
        if (!Secp256k1PrivateKey.IsValid(i.AsSpan(0, 32)))
        {
            CryptographicOperations.ZeroMemory(i);
            throw new KeyException(KeyError.InvalidDerivedKey, "the master key is 0 or >= n");
        }
        var key = new ExtendedPrivateKey(i[..32], i[32..]);
        CryptographicOperations.ZeroMemory(i);
        return key;
    }

    /// <summary>Derives along <paramref name="path"/> from this key.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.InvalidDerivedKey"/> when a step yields an invalid key.</exception>
    public ExtendedPrivateKey Derive(Bip32Path path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = new ExtendedPrivateKey((byte[])_key.Clone(), (byte[])_chainCode.Clone());
        foreach (var index in path.Indices)
        {
            var next = current.DeriveChild(index);
            current.Dispose();
            current = next;
        }
        return current;
    }

    /// <summary>
    /// CKDpriv: hardened (index &gt;= 2^31) uses 0x00 || key, normal uses the compressed public key; then
    /// child = IL + key mod n.
    /// </summary>
    /// <exception cref="KeyException"><see cref="KeyError.InvalidDerivedKey"/> when IL &gt;= n or the child key is zero.</exception>
    public ExtendedPrivateKey DeriveChild(uint index)
    {
        Span<byte> data = stackalloc byte[37];
        if ((index & Bip32Path.HardenedBit) != 0)
        {
            data[0] = 0;
            _key.CopyTo(data[1..]);
        }
        else
        {
            Secp256k1PublicKey.FromPrivate(_key).Compressed.CopyTo(data);
        }
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        var i = HMACSHA512.HashData(_chainCode, data);
        CryptographicOperations.ZeroMemory(data);
        var child = (byte[])_key.Clone();
        int ok;
        fixed (byte* c = child)
        fixed (byte* tweak = i)
        {
            ok = secp256k1_ec_seckey_tweak_add(Context, c, tweak);
        }
        var chain = i[32..];
        CryptographicOperations.ZeroMemory(i);
        if (ok != 1)
        {
            CryptographicOperations.ZeroMemory(child);
            throw new KeyException(KeyError.InvalidDerivedKey, $"index {index} yields an invalid key (BIP-32: use the next index)");
        }
        return new ExtendedPrivateKey(child, chain);
    }

    /// <summary>The private key at this node.</summary>
    public Secp256k1PrivateKey PrivateKey() => Secp256k1PrivateKey.FromBytes(_key);

    /// <summary>Zeroes key and chain code.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_chainCode);
    }
}
