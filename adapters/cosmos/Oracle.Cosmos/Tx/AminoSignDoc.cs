using System.Globalization;
using System.Text.Json.Nodes;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Base.V1Beta1;

namespace Oracle.Cosmos.Tx;

/// <summary>
/// A SIGN_MODE_LEGACY_AMINO_JSON sign document (cosmos-sdk <c>StdSignDoc</c>, cosmjs <c>makeSignDoc</c>):
/// chain_id, account_number and sequence as decimal strings, fee {amount, gas, payer?, granter?}, msgs, memo,
/// and timeout_height when non-zero; serialized by <see cref="SortedJson"/> and signed over sha256.
/// </summary>
public sealed class AminoSignDoc
{
    private readonly List<AminoMsg> _msgs;
    private readonly List<Coin> _feeAmount;

    /// <summary>A sign document.</summary>
    /// <exception cref="TxException"><see cref="TxError.BadChainId"/> or <see cref="TxError.BadCoin"/>.</exception>
    public AminoSignDoc(
        string chainId,
        ulong accountNumber,
        ulong sequence,
        IEnumerable<Coin> feeAmount,
        ulong gas,
        IEnumerable<AminoMsg> msgs,
        string memo = "",
        ulong timeoutHeight = 0,
        string? feePayer = null,
        string? feeGranter = null)
    {
        ArgumentNullException.ThrowIfNull(feeAmount);
        ArgumentNullException.ThrowIfNull(msgs);
        if (string.IsNullOrEmpty(chainId))
        {
            throw new TxException(TxError.BadChainId, "the chain id is empty");
        }
        _feeAmount = [.. feeAmount];
        _feeAmount.ForEach(Coins.Check);
        _msgs = [.. msgs];
        ChainId = chainId;
        AccountNumber = accountNumber;
        Sequence = sequence;
        Gas = gas;
        Memo = memo ?? "";
        TimeoutHeight = timeoutHeight;
        FeePayer = feePayer;
        FeeGranter = feeGranter;
    }

    /// <summary>The chain id.</summary>
    public string ChainId { get; }

    /// <summary>The signer's account number.</summary>
    public ulong AccountNumber { get; }

    /// <summary>The signer's sequence.</summary>
    public ulong Sequence { get; }

    /// <summary>The gas limit.</summary>
    public ulong Gas { get; }

    /// <summary>The memo.</summary>
    public string Memo { get; }

    /// <summary>The timeout height (0 = none, omitted from the JSON).</summary>
    public ulong TimeoutHeight { get; }

    /// <summary>The fee payer (omitted when null).</summary>
    public string? FeePayer { get; }

    /// <summary>The fee granter (omitted when null).</summary>
    public string? FeeGranter { get; }

    /// <summary>The messages.</summary>
    public IReadOnlyList<AminoMsg> Msgs => _msgs;

    /// <summary>The document as a JSON tree (unsorted; <see cref="SignBytes"/> sorts it).</summary>
    public JsonObject ToJson()
    {
        var fee = new JsonObject { ["amount"] = AminoMsgs.CoinsJson(_feeAmount), ["gas"] = Str(Gas) };
        if (FeeGranter is not null)
        {
            fee["granter"] = FeeGranter;
        }
        if (FeePayer is not null)
        {
            fee["payer"] = FeePayer;
        }
        var msgs = new JsonArray();
        foreach (var m in _msgs)
        {
            msgs.Add(m.ToJson());
        }
        var doc = new JsonObject
        {
            ["chain_id"] = ChainId,
            ["account_number"] = Str(AccountNumber),
            ["sequence"] = Str(Sequence),
            ["fee"] = fee,
            ["msgs"] = msgs,
            ["memo"] = Memo,
        };
        if (TimeoutHeight != 0)
        {
            doc["timeout_height"] = Str(TimeoutHeight);
        }
        return doc;
    }

    /// <summary>The UTF-8 bytes that are signed (cosmjs <c>serializeSignDoc</c>).</summary>
    public byte[] SignBytes() => SortedJson.Serialize(ToJson());

    /// <summary>Signs sha256(<see cref="SignBytes"/>): 64 bytes r || s, RFC 6979, low S.</summary>
    public byte[] Sign(Secp256k1PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(SignBytes());
    }

    private static string Str(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
