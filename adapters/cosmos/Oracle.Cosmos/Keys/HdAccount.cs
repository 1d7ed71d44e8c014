using Oracle.Cosmos.Addresses;

namespace Oracle.Cosmos.Keys;

/// <summary>
/// One account of an HD wallet: the secp256k1 key at a BIP-32 path of a BIP-39 mnemonic's seed, and its bech32
/// address (what cosmjs's <c>DirectSecp256k1HdWallet.fromMnemonic(m, { hdPaths, prefix })</c> yields).
/// </summary>
public sealed class HdAccount : IDisposable
{
    private HdAccount(Secp256k1PrivateKey key, AccountAddress address)
    {
        Key = key;
        Address = address;
    }

    /// <summary>The account's private key.</summary>
    public Secp256k1PrivateKey Key { get; }

    /// <summary>The account's compressed public key.</summary>
    public Secp256k1PublicKey PublicKey => Key.PublicKey;

    /// <summary>The account's address.</summary>
    public AccountAddress Address { get; }

    /// <summary>Derives the account at <paramref name="path"/> (default m/44'/118'/0'/0/0) with address prefix <paramref name="prefix"/>.</summary>
    /// <exception cref="KeyException">A derivation failure.</exception>
    /// <exception cref="Bech32Exception">A bad prefix.</exception>
    public static HdAccount FromMnemonic(Mnemonic mnemonic, Bip32Path? path = null, string prefix = "cosmos", string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        var seed = mnemonic.ToSeed(passphrase);
        using var master = ExtendedPrivateKey.FromSeed(seed);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        using var node = master.Derive(path ?? Bip32Path.CosmosHub);
        var key = node.PrivateKey();
        return new HdAccount(key, AccountAddress.FromPublicKey(key.PublicKey, prefix));
    }

    /// <summary>An account for a raw private key.</summary>
    /// <remarks>The account takes ownership of <paramref name="key"/>: disposing the account zeroes it.</remarks>
    public static HdAccount FromPrivateKey(Secp256k1PrivateKey key, string prefix = "cosmos")
    {
        ArgumentNullException.ThrowIfNull(key);
        return new HdAccount(key, AccountAddress.FromPublicKey(key.PublicKey, prefix));
    }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => Key.Dispose();
}
