namespace Oracle.Evm;

/// <summary>A recoverable secp256k1 signature: r, s (32 bytes each, big-endian) and the recovery id V (0 or 1).</summary>
public sealed record EthSignature
{
    /// <summary>Creates a signature from its parts.</summary>
    /// <exception cref="ArgumentException">r or s is not 32 bytes, or v is not 0 or 1.</exception>
    public EthSignature(byte[] r, byte[] s, byte v)
    {
        if (r.Length != 32 || s.Length != 32)
        {
            throw new ArgumentException("r and s are 32 bytes each");
        }
        if (v > 1)
        {
            throw new ArgumentException($"the recovery id is 0 or 1, got {v}", nameof(v));
        }
        R = r;
        S = s;
        V = v;
    }

    /// <summary>r, 32 bytes big-endian.</summary>
    public byte[] R { get; }

    /// <summary>s, 32 bytes big-endian, in the lower half of the group order when made by <see cref="EthKey"/>.</summary>
    public byte[] S { get; }

    /// <summary>The recovery id (y parity of the nonce point): 0 or 1.</summary>
    public byte V { get; }

    /// <summary>r || s || (V + vOffset): the 65-byte form that ecrecover-based contracts take (vOffset 27).</summary>
    public byte[] ToBytes65(int vOffset = 27)
    {
        var bytes = new byte[65];
        R.CopyTo(bytes, 0);
        S.CopyTo(bytes, 32);
        bytes[64] = (byte)(V + vOffset);
        return bytes;
    }

    /// <summary>Parses r || s || v with v in {0, 1, 27, 28}.</summary>
    /// <exception cref="ArgumentException">Not 65 bytes or v out of range.</exception>
    public static EthSignature FromBytes65(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
        {
            throw new ArgumentException($"a signature is 65 bytes, got {bytes.Length}", nameof(bytes));
        }
        var v = bytes[64] >= 27 ? bytes[64] - 27 : bytes[64];
        return new EthSignature(bytes[..32].ToArray(), bytes[32..64].ToArray(), (byte)v);
    }

    /// <summary>Recovers the 64-byte public key (x || y) that made this signature over the hash.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">No key recovers (invalid signature).</exception>
    public byte[] RecoverPublicKey(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != 32)
        {
            throw new ArgumentException($"recover over a 32-byte hash, got {hash32.Length} bytes", nameof(hash32));
        }
        return Secp256k1.Recover(hash32, Secp256k1.ToBc(R), Secp256k1.ToBc(S), V)
            ?? throw new System.Security.Cryptography.CryptographicException("the signature does not recover to any public key");
    }

    /// <summary>Recovers the signer's address, as ecrecover does.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">No key recovers (invalid signature).</exception>
    public EthAddress Recover(ReadOnlySpan<byte> hash32) => EthAddress.FromPublicKey(RecoverPublicKey(hash32));

    /// <summary>Whether s is in the lower half of the group order (EIP-2).</summary>
    public bool IsLowS => Secp256k1.ToBc(S).CompareTo(Secp256k1.HalfN) <= 0;

    /// <summary>The 65-byte hex form with v = 27/28.</summary>
    public override string ToString() => Hex.Encode(ToBytes65());

    /// <inheritdoc/>
    public bool Equals(EthSignature? other) => other is not null && R.AsSpan().SequenceEqual(other.R) && S.AsSpan().SequenceEqual(other.S) && V == other.V;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(BitConverter.ToInt32(R, 0), BitConverter.ToInt32(S, 0), V);
}
