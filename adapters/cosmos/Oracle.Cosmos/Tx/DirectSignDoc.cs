using Google.Protobuf;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Tx.V1Beta1;

namespace Oracle.Cosmos.Tx;

/// <summary>
/// A SIGN_MODE_DIRECT sign document: <c>SignDoc{body_bytes, auth_info_bytes, chain_id, account_number}</c>. The
/// signature is over sha256 of its encoding (<see cref="SignBytes"/>).
/// </summary>
public sealed class DirectSignDoc
{
    private readonly byte[] _bodyBytes;
    private readonly byte[] _authInfoBytes;

    /// <summary>A sign document over already encoded body and auth info.</summary>
    /// <exception cref="TxException"><see cref="TxError.BadChainId"/> when the chain id is empty.</exception>
    public DirectSignDoc(byte[] bodyBytes, byte[] authInfoBytes, string chainId, ulong accountNumber)
    {
        ArgumentNullException.ThrowIfNull(bodyBytes);
        ArgumentNullException.ThrowIfNull(authInfoBytes);
        if (string.IsNullOrEmpty(chainId))
        {
            throw new TxException(TxError.BadChainId, "the chain id is empty");
        }
        _bodyBytes = bodyBytes;
        _authInfoBytes = authInfoBytes;
        ChainId = chainId;
        AccountNumber = accountNumber;
    }

    /// <summary>The encoded TxBody.</summary>
    public ReadOnlySpan<byte> BodyBytes => _bodyBytes;

    /// <summary>The encoded AuthInfo.</summary>
    public ReadOnlySpan<byte> AuthInfoBytes => _authInfoBytes;

    /// <summary>The chain id.</summary>
    public string ChainId { get; }

    /// <summary>The signer's account number.</summary>
    public ulong AccountNumber { get; }

    /// <summary>The encoded SignDoc, the bytes whose sha256 is signed.</summary>
    public byte[] SignBytes() => new SignDoc
    {
        BodyBytes = ByteString.CopyFrom(_bodyBytes),
        AuthInfoBytes = ByteString.CopyFrom(_authInfoBytes),
        ChainId = ChainId,
        AccountNumber = AccountNumber,
    }.ToByteArray();

    /// <summary>Signs the document and returns the signed transaction (one signature).</summary>
    public SignedTx Sign(Secp256k1PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedTx(_bodyBytes, _authInfoBytes, [key.Sign(SignBytes())]);
    }
}
