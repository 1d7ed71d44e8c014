namespace Oracle.Cosmos.Keys;

/// <summary>What went wrong with a mnemonic, derivation path, key or signature. The numbers are stable codes.</summary>
public enum KeyError
{
    /// <summary>A mnemonic word is not in the BIP-39 English wordlist (words must be lower case).</summary>
    UnknownWord = 1,

    /// <summary>The mnemonic's checksum bits do not match the SHA-256 of its entropy.</summary>
    BadChecksum = 2,

    /// <summary>The mnemonic does not have 12, 15, 18, 21 or 24 words.</summary>
    BadWordCount = 3,

    /// <summary>The entropy is not 16, 20, 24, 28 or 32 bytes long.</summary>
    BadEntropyLength = 4,

    /// <summary>A BIP-32 path is not of the form <c>m/a/b'/...</c> with decimal indices.</summary>
    BadPath = 10,

    /// <summary>A BIP-32 path index is 2^31 or more (the hardened bit is given by the apostrophe, not the number).</summary>
    IndexOutOfRange = 11,

    /// <summary>A derivation step produced an invalid key (IL &gt;= n or a zero key); BIP-32 says to skip the index.</summary>
    InvalidDerivedKey = 12,

    /// <summary>A BIP-32 seed is not 16 to 64 bytes long.</summary>
    BadSeedLength = 13,

    /// <summary>A private key is not 32 bytes, or is zero, or is not below the group order n.</summary>
    InvalidPrivateKey = 20,

    /// <summary>A public key is not a valid 33-byte compressed (or 65-byte uncompressed) secp256k1 point.</summary>
    InvalidPublicKey = 21,

    /// <summary>A signature is not 64 bytes (r || s).</summary>
    BadSignatureLength = 30,

    /// <summary>A signature's s is above n/2 (Cosmos SDK accepts only low-S signatures).</summary>
    HighS = 31,

    /// <summary>A signature's r or s is zero or not below n.</summary>
    MalformedSignature = 32,

    /// <summary>A well-formed signature that does not verify for this message and public key.</summary>
    SignatureMismatch = 33,

    /// <summary>A message digest is not 32 bytes.</summary>
    BadDigestLength = 34,
}

/// <summary>A key-layer failure naming the rule that failed (<see cref="Code"/>).</summary>
public sealed class KeyException(KeyError code, string message) : Exception($"{code}: {message}")
{
    /// <summary>The failed rule.</summary>
    public KeyError Code { get; } = code;
}
