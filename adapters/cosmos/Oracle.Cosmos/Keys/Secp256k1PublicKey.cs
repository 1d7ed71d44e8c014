using System.Security.Cryptography;
using static Oracle.Cosmos.Keys.Secp256k1Native;

namespace Oracle.Cosmos.Keys;

/// <summary>A secp256k1 public key, held in its 33-byte compressed form (what Cosmos puts in <c>PubKey.key</c>).</summary>
public sealed unsafe class Secp256k1PublicKey : IEquatable<Secp256k1PublicKey>
{
    private readonly byte[] _compressed;

    private Secp256k1PublicKey(byte[] compressed) => _compressed = compressed;

    /// <summary>The 33-byte compressed encoding (0x02 or 0x03, then x).</summary>
    public ReadOnlySpan<byte> Compressed => _compressed;

    /// <summary>A copy of the 33-byte compressed encoding.</summary>
    public byte[] ToBytes() => (byte[])_compressed.Clone();

    /// <summary>Parses a compressed (33-byte) or uncompressed (65-byte) point.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.InvalidPublicKey"/> when the bytes are not a point on the curve.</exception>
    public static Secp256k1PublicKey FromBytes(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length is not (33 or 65))
        {
            throw new KeyException(KeyError.InvalidPublicKey, $"a public key is 33 or 65 bytes (got {encoded.Length})");
        }
        Span<byte> point = stackalloc byte[64];
        fixed (byte* e = encoded)
        fixed (byte* p = point)
        {
            if (secp256k1_ec_pubkey_parse(Context, p, e, (nuint)encoded.Length) != 1)
            {
                throw new KeyException(KeyError.InvalidPublicKey, "the bytes are not a secp256k1 point");
            }
            return new Secp256k1PublicKey(Serialize(p, EcCompressed, 33));
        }
    }

    internal static Secp256k1PublicKey FromPrivate(ReadOnlySpan<byte> key)
    {
        Span<byte> point = stackalloc byte[64];
        fixed (byte* k = key)
        fixed (byte* p = point)
        {
            if (secp256k1_ec_pubkey_create(Context, p, k) != 1)
            {
                throw new KeyException(KeyError.InvalidPrivateKey, "the private key is 0 or >= n");
            }
            return new Secp256k1PublicKey(Serialize(p, EcCompressed, 33));
        }
    }

    private static byte[] Serialize(byte* point, uint flags, int length)
    {
        var output = new byte[length];
        nuint size = (nuint)length;
        fixed (byte* o = output)
        {
            secp256k1_ec_pubkey_serialize(Context, o, &size, point, flags);
        }
        return output;
    }

    /// <summary>The 65-byte uncompressed encoding (0x04, x, y).</summary>
    public byte[] ToUncompressed()
    {
        Span<byte> point = stackalloc byte[64];
        fixed (byte* c = _compressed)
        fixed (byte* p = point)
        {
            secp256k1_ec_pubkey_parse(Context, p, c, 33);
            return Serialize(p, EcUncompressed, 65);
        }
    }

    /// <summary>True when <paramref name="signature"/> is a valid low-S signature of sha256(<paramref name="message"/>).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Check(message, signature) is null;

    /// <summary>
    /// Checks a 64-byte r || s signature of sha256(<paramref name="message"/>) as Cosmos SDK does (low S only),
    /// returning null when it is valid and otherwise the rule it breaks.
    /// </summary>
    public KeyError? Check(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message, digest);
        return CheckDigest(digest, signature);
    }

    /// <summary>As <see cref="Check"/>, over a 32-byte digest the caller has already computed.</summary>
    public KeyError? CheckDigest(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (digest.Length != 32)
        {
            return KeyError.BadDigestLength;
        }
        if (signature.Length != 64)
        {
            return KeyError.BadSignatureLength;
        }
        Span<byte> sig = stackalloc byte[64];
        Span<byte> normal = stackalloc byte[64];
        Span<byte> point = stackalloc byte[64];
        fixed (byte* input = signature)
        fixed (byte* s = sig)
        fixed (byte* n = normal)
        fixed (byte* d = digest)
        fixed (byte* c = _compressed)
        fixed (byte* p = point)
        {
            if (secp256k1_ecdsa_signature_parse_compact(Context, s, input) != 1 || IsZero(signature[..32]) || IsZero(signature[32..]))
            {
                return KeyError.MalformedSignature;
            }
            if (secp256k1_ecdsa_signature_normalize(Context, n, s) == 1)
            {
                return KeyError.HighS;
            }
            secp256k1_ec_pubkey_parse(Context, p, c, 33);
            return secp256k1_ecdsa_verify(Context, s, d, p) == 1 ? null : KeyError.SignatureMismatch;
        }
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <inheritdoc/>
    public bool Equals(Secp256k1PublicKey? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Secp256k1PublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    /// <summary>The compressed key as lower-case hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(_compressed);
}
