using Google.Protobuf;
using Oracle.Cosmos.Protos.Tx.V1Beta1;

namespace Oracle.Cosmos.Tx;

/// <summary>A signed transaction as broadcast: <c>TxRaw{body_bytes, auth_info_bytes, signatures}</c>.</summary>
public sealed class SignedTx
{
    private readonly byte[] _bodyBytes;
    private readonly byte[] _authInfoBytes;
    private readonly byte[][] _signatures;

    /// <summary>A signed transaction from its parts.</summary>
    public SignedTx(byte[] bodyBytes, byte[] authInfoBytes, IReadOnlyList<byte[]> signatures)
    {
        ArgumentNullException.ThrowIfNull(bodyBytes);
        ArgumentNullException.ThrowIfNull(authInfoBytes);
        ArgumentNullException.ThrowIfNull(signatures);
        _bodyBytes = bodyBytes;
        _authInfoBytes = authInfoBytes;
        _signatures = [.. signatures];
    }

    /// <summary>The encoded TxBody.</summary>
    public ReadOnlySpan<byte> BodyBytes => _bodyBytes;

    /// <summary>The encoded AuthInfo.</summary>
    public ReadOnlySpan<byte> AuthInfoBytes => _authInfoBytes;

    /// <summary>The signatures, one per signer (64 bytes r || s each for secp256k1).</summary>
    public IReadOnlyList<byte[]> Signatures => _signatures;

    /// <summary>The encoded TxRaw (what <c>broadcast_tx_*</c> takes).</summary>
    public byte[] ToTxRawBytes()
    {
        var raw = new TxRaw { BodyBytes = ByteString.CopyFrom(_bodyBytes), AuthInfoBytes = ByteString.CopyFrom(_authInfoBytes) };
        foreach (var s in _signatures)
        {
            raw.Signatures.Add(ByteString.CopyFrom(s));
        }
        return raw.ToByteArray();
    }

    /// <summary>Decodes TxRaw bytes; the body and auth info must decode too.</summary>
    /// <exception cref="TxException"><see cref="TxError.MalformedTx"/>.</exception>
    public static SignedTx Decode(ReadOnlySpan<byte> txRaw)
    {
        try
        {
            var raw = TxRaw.Parser.ParseFrom(txRaw);
            TxBody.Parser.ParseFrom(raw.BodyBytes);
            Protos.Tx.V1Beta1.AuthInfo.Parser.ParseFrom(raw.AuthInfoBytes);
            return new SignedTx(raw.BodyBytes.ToByteArray(), raw.AuthInfoBytes.ToByteArray(), [.. raw.Signatures.Select(s => s.ToByteArray())]);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TxException(TxError.MalformedTx, "the bytes are not a TxRaw with a decodable body and auth info: " + e.Message, e);
        }
    }

    /// <summary>The decoded body.</summary>
    public TxBody Body() => TxBody.Parser.ParseFrom(_bodyBytes);

    /// <summary>The decoded auth info.</summary>
    public Protos.Tx.V1Beta1.AuthInfo AuthInfo() => Protos.Tx.V1Beta1.AuthInfo.Parser.ParseFrom(_authInfoBytes);
}
