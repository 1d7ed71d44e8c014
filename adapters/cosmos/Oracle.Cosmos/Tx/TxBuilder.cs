using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Base.V1Beta1;
using Oracle.Cosmos.Protos.Crypto.Secp256k1;
using Oracle.Cosmos.Protos.Tx.Signing.V1Beta1;
using Oracle.Cosmos.Protos.Tx.V1Beta1;

namespace Oracle.Cosmos.Tx;

/// <summary>
/// Builds the two signed halves of a Cosmos transaction for one secp256k1 signer: <c>TxBody</c> (messages as
/// <c>Any</c>, memo, timeout height) and <c>AuthInfo</c> (signer public key, sign mode, sequence; fee coins, gas
/// limit, payer, granter), encoded as cosmjs encodes them (proto3 defaults omitted, fields in number order).
/// </summary>
public sealed class TxBuilder
{
    /// <summary>The type URL of a secp256k1 public key in <c>SignerInfo.public_key</c>.</summary>
    public const string Secp256k1PubKeyTypeUrl = "/cosmos.crypto.secp256k1.PubKey";

    private readonly List<Any> _messages = [];
    private readonly List<Coin> _feeAmount = [];
    private string _memo = "";
    private ulong _timeoutHeight;
    private ulong _gasLimit;
    private string _payer = "";
    private string _granter = "";
    private Secp256k1PublicKey? _signer;
    private ulong _sequence;
    private SignMode _mode = SignMode.Direct;

    /// <summary>Adds a message, packed as <c>Any{type_url: "/" + full name, value}</c>.</summary>
    public TxBuilder AddMessage(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _messages.Add(Pack(message));
        return this;
    }

    /// <summary>Adds an already packed message.</summary>
    public TxBuilder AddMessage(Any message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _messages.Add(message);
        return this;
    }

    /// <summary>Sets the memo (default empty).</summary>
    public TxBuilder WithMemo(string memo)
    {
        _memo = memo ?? throw new ArgumentNullException(nameof(memo));
        return this;
    }

    /// <summary>Sets the timeout height (0, the default, means none).</summary>
    public TxBuilder WithTimeoutHeight(ulong height)
    {
        _timeoutHeight = height;
        return this;
    }

    /// <summary>Sets the fee: coins, gas limit and optional payer and granter addresses.</summary>
    /// <exception cref="TxException"><see cref="TxError.BadCoin"/> for an invalid coin.</exception>
    public TxBuilder WithFee(IEnumerable<Coin> amount, ulong gasLimit, string payer = "", string granter = "")
    {
        ArgumentNullException.ThrowIfNull(amount);
        var coins = amount.ToList();
        coins.ForEach(Coins.Check);
        _feeAmount.Clear();
        _feeAmount.AddRange(coins);
        _gasLimit = gasLimit;
        _payer = payer ?? "";
        _granter = granter ?? "";
        return this;
    }

    /// <summary>Sets the single signer: public key, account sequence and sign mode (default SIGN_MODE_DIRECT).</summary>
    public TxBuilder WithSigner(Secp256k1PublicKey publicKey, ulong sequence, SignMode mode = SignMode.Direct)
    {
        _signer = publicKey ?? throw new ArgumentNullException(nameof(publicKey));
        _sequence = sequence;
        _mode = mode;
        return this;
    }

    /// <summary>The encoded <c>TxBody</c>.</summary>
    public byte[] BodyBytes()
    {
        var body = new TxBody { Memo = _memo, TimeoutHeight = _timeoutHeight };
        body.Messages.AddRange(_messages);
        return body.ToByteArray();
    }

    /// <summary>The encoded <c>AuthInfo</c>.</summary>
    /// <exception cref="TxException"><see cref="TxError.MissingSigner"/> when no signer was set.</exception>
    public byte[] AuthInfoBytes()
    {
        if (_signer is null)
        {
            throw new TxException(TxError.MissingSigner, "set the signer's public key and sequence first");
        }
        var fee = new Fee { GasLimit = _gasLimit, Payer = _payer, Granter = _granter };
        fee.Amount.AddRange(_feeAmount);
        var authInfo = new AuthInfo { Fee = fee };
        authInfo.SignerInfos.Add(new SignerInfo
        {
            PublicKey = PackPublicKey(_signer),
            ModeInfo = new ModeInfo { Single = new ModeInfo.Types.Single { Mode = _mode } },
            Sequence = _sequence,
        });
        return authInfo.ToByteArray();
    }

    /// <summary>The SIGN_MODE_DIRECT sign document for this transaction on <paramref name="chainId"/>.</summary>
    /// <exception cref="TxException"><see cref="TxError.MissingSigner"/> or <see cref="TxError.BadChainId"/>.</exception>
    public DirectSignDoc ToSignDoc(string chainId, ulong accountNumber) =>
        new(BodyBytes(), AuthInfoBytes(), chainId, accountNumber);

    /// <summary>Packs a message as cosmos-sdk does: type URL "/" + the message's full protobuf name.</summary>
    public static Any Pack(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Any { TypeUrl = "/" + message.Descriptor.FullName, Value = message.ToByteString() };
    }

    /// <summary>A secp256k1 public key as <c>Any{"/cosmos.crypto.secp256k1.PubKey", PubKey{key}}</c>.</summary>
    public static Any PackPublicKey(Secp256k1PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new Any { TypeUrl = Secp256k1PubKeyTypeUrl, Value = new PubKey { Key = ByteString.CopyFrom(key.Compressed) }.ToByteString() };
    }
}
