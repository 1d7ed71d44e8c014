using System.Security.Cryptography;
using static Oracle.Cosmos.Keys.Secp256k1Native;

namespace Oracle.Cosmos.Keys;

/// <summary>
/// A secp256k1 private key that signs Cosmos-style: deterministic ECDSA (RFC 6979, HMAC-SHA256) over a 32-byte
/// digest, normalised to low S, encoded as 64 bytes r || s (no recovery byte). Signing is done by libsecp256k1.
/// </summary>
/// <remarks>The key bytes are zeroed by <see cref="Dispose"/>.</remarks>
public sealed unsafe class Secp256k1PrivateKey : IDisposable
{
    private readonly byte[] _key;

    private Secp256k1PrivateKey(byte[] key)
    {
        _key = key;
        PublicKey = Secp256k1PublicKey.FromPrivate(key);
    }

    /// <summary>The compressed public key of this private key.</summary>
    public Secp256k1PublicKey PublicKey { get; }

    /// <summary>Wraps 32 big-endian bytes as a private key.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.InvalidPrivateKey"/> when the length is not 32, or the value is 0 or &gt;= n.</exception>
    public static Secp256k1PrivateKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (!IsValid(key))
        {
            throw new KeyException(KeyError.InvalidPrivateKey, $"a private key is 32 bytes in [1, n-1] (got {key.Length} bytes)");
        }
        return new Secp256k1PrivateKey(key.ToArray());
    }

    /// <summary>True when <paramref name="key"/> is 32 bytes and 0 &lt; key &lt; n.</summary>
    public static bool IsValid(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            return false;
        }
        fixed (byte* k = key)
        {
            return secp256k1_ec_seckey_verify(Context, k) == 1;
        }
    }

    /// <summary>A copy of the 32 key bytes (the caller should zero it when done).</summary>
    public byte[] ToBytes() => (byte[])_key.Clone();

    /// <summary>Signs sha256(<paramref name="message"/>) (what Cosmos SDK verifies for secp256k1 keys).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message, digest);
        return SignDigest(digest);
    }

    /// <summary>Signs a 32-byte digest: RFC 6979 nonce, low S, 64 bytes r || s.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.BadDigestLength"/> when the digest is not 32 bytes.</exception>
    public byte[] SignDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new KeyException(KeyError.BadDigestLength, $"a digest is 32 bytes (got {digest.Length})");
        }
        var output = new byte[64];
        Span<byte> sig = stackalloc byte[64];
        fixed (byte* d = digest)
        fixed (byte* k = _key)
        fixed (byte* s = sig)
        fixed (byte* o = output)
        {
            if (secp256k1_ecdsa_sign(Context, s, d, k, IntPtr.Zero, IntPtr.Zero) != 1)
            {
                throw new InvalidOperationException("secp256k1_ecdsa_sign failed for a valid key");
            }
            secp256k1_ecdsa_signature_serialize_compact(Context, o, s);
        }
        return output;
    }

    /// <summary>Zeroes the key bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
