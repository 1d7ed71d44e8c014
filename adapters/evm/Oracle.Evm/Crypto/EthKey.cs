using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Oracle.Evm;

/// <summary>A secp256k1 private key that signs as Ethereum expects: RFC 6979 nonces, low-S, recoverable.</summary>
/// <remarks>The key bytes stay inside this object; <see cref="Dispose"/> wipes them.</remarks>
public sealed class EthKey : IDisposable
{
    private readonly byte[] _privateKey;
    private readonly ECPrivateKeyParameters _parameters;

    private EthKey(byte[] privateKey)
    {
        var d = Secp256k1.ToBc(privateKey);
        if (d.SignValue <= 0 || d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("a private key must be in [1, n-1] of secp256k1", nameof(privateKey));
        }
        _privateKey = privateKey;
        _parameters = new ECPrivateKeyParameters(d, Secp256k1.Domain);
        PublicKey = Secp256k1.Encode64(Secp256k1.Domain.G.Multiply(d));
        Address = EthAddress.FromPublicKey(PublicKey);
    }

    /// <summary>Wraps a 32-byte private key (copied).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or not in [1, n-1].</exception>
    public static EthKey FromPrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        if (privateKey32.Length != 32)
        {
            throw new ArgumentException($"a private key is 32 bytes, got {privateKey32.Length}", nameof(privateKey32));
        }
        return new EthKey(privateKey32.ToArray());
    }

    /// <summary>Wraps a private key written in hex (<c>0x</c> and 64 digits).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or not in [1, n-1].</exception>
    public static EthKey FromPrivateKey(string hex) => FromPrivateKey(Hex.Decode(hex));

    /// <summary>Generates a fresh key from the operating system's CSPRNG.</summary>
    public static EthKey Generate()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetBytes(32);
            var d = Secp256k1.ToBc(candidate);
            if (d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0)
            {
                return new EthKey(candidate);
            }
        }
    }

    /// <summary>The uncompressed public key without the 0x04 prefix: 64 bytes x || y.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The Ethereum address of this key.</summary>
    public EthAddress Address { get; }

    /// <summary>The private key bytes (a copy). Only for handing the key to a peer in tests or export.</summary>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();

    /// <summary>Signs a 32-byte hash: deterministic nonce (RFC 6979 with HMAC-SHA256), s normalised to the lower half,
    /// recovery id chosen so that <see cref="EthSignature.Recover"/> gives <see cref="Address"/>.</summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    public EthSignature Sign(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"sign a 32-byte hash, got {hash32.Length} bytes", nameof(hash32));
        }
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _parameters);
        var rs = signer.GenerateSignature(hash32.ToArray());
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.N.Subtract(s);
        }
        for (var recId = 0; recId < 2; recId++)
        {
            var recovered = Secp256k1.Recover(hash32, r, s, recId);
            if (recovered is not null && recovered.AsSpan().SequenceEqual(PublicKey))
            {
                return new EthSignature(Secp256k1.To32(r), Secp256k1.To32(s), (byte)recId);
            }
        }
        throw new CryptographicException("no recovery id reproduces the public key (r >= p - n, probability ~2^-128)");
    }

    /// <summary>Wipes the private key bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);
}
