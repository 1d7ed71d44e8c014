using System.Numerics;

namespace Oracle.Evm;

/// <summary>An EIP-1559 (type 2) transaction before signing.</summary>
public sealed record Eip1559Transaction
{
    /// <summary>The transaction type byte.</summary>
    public const byte TypeByte = 0x02;

    /// <summary>EIP-155 chain id.</summary>
    public required BigInteger ChainId { get; init; }

    /// <summary>The sender's account nonce.</summary>
    public required ulong Nonce { get; init; }

    /// <summary>Tip per gas to the block producer, in wei.</summary>
    public required BigInteger MaxPriorityFeePerGas { get; init; }

    /// <summary>Most the sender pays per gas (base fee + tip), in wei.</summary>
    public required BigInteger MaxFeePerGas { get; init; }

    /// <summary>Gas limit.</summary>
    public required ulong GasLimit { get; init; }

    /// <summary>Recipient; null creates a contract from <see cref="Data"/>.</summary>
    public EthAddress? To { get; init; }

    /// <summary>Value transferred, in wei.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Call data or init code.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>EIP-2930 access list.</summary>
    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    /// <summary>The hash the sender signs: keccak256(0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
    /// gasLimit, to, value, data, accessList])).</summary>
    public byte[] SigningHash() => Keccak256.Hash([TypeByte, .. Rlp.EncodeList(Fields())]);

    /// <summary>Signs with the key and returns the raw bytes to broadcast and the transaction hash.</summary>
    public SignedTransaction Sign(EthKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WithSignature(key.Sign(SigningHash()));
    }

    /// <summary>Attaches an existing signature (made over <see cref="SigningHash"/>).</summary>
    public SignedTransaction WithSignature(EthSignature signature)
    {
        var fields = Fields();
        fields.Add(Rlp.EncodeInteger(signature.V));
        fields.Add(Rlp.EncodeInteger(new BigInteger(signature.R, isUnsigned: true, isBigEndian: true)));
        fields.Add(Rlp.EncodeInteger(new BigInteger(signature.S, isUnsigned: true, isBigEndian: true)));
        byte[] raw = [TypeByte, .. Rlp.EncodeList(fields)];
        return new SignedTransaction(this, signature, raw, Hex.Encode(Keccak256.Hash(raw)));
    }

    /// <summary>Decodes a signed raw type-2 transaction (<c>0x02 || rlp</c>).</summary>
    /// <exception cref="FormatException">Not a well-formed signed type-2 transaction.</exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw[0] != TypeByte)
        {
            throw new FormatException("not a type-2 transaction (first byte is not 0x02)");
        }
        var items = Rlp.Decode(raw[1..]).Items;
        if (items.Count != 12)
        {
            throw new FormatException($"a signed type-2 transaction has 12 fields, got {items.Count}");
        }
        var to = items[5].Bytes;
        var transaction = new Eip1559Transaction
        {
            ChainId = items[0].ToBigInteger(),
            Nonce = items[1].ToUInt64(),
            MaxPriorityFeePerGas = items[2].ToBigInteger(),
            MaxFeePerGas = items[3].ToBigInteger(),
            GasLimit = items[4].ToUInt64(),
            To = to.Length switch
            {
                0 => null,
                20 => EthAddress.FromBytes(to),
                _ => throw new FormatException($"'to' is {to.Length} bytes"),
            },
            Value = items[6].ToBigInteger(),
            Data = items[7].Bytes,
            AccessList = items[8].Items.Select(entry => new AccessListEntry(
                EthAddress.FromBytes(entry.Items[0].Bytes),
                entry.Items[1].Items.Select(key => key.Bytes.Length == 32 ? key.Bytes : throw new FormatException("storage key is not 32 bytes")).ToList())).ToList(),
        };
        var v = items[9].ToBigInteger();
        if (v > 1)
        {
            throw new FormatException($"yParity must be 0 or 1, got {v}");
        }
        var signature = new EthSignature(Pad32(items[10].ToBigInteger()), Pad32(items[11].ToBigInteger()), (byte)v);
        return transaction.WithSignature(signature);
    }

    private List<byte[]> Fields() =>
    [
        Rlp.EncodeInteger(ChainId),
        Rlp.EncodeInteger(Nonce),
        Rlp.EncodeInteger(MaxPriorityFeePerGas),
        Rlp.EncodeInteger(MaxFeePerGas),
        Rlp.EncodeInteger(GasLimit),
        To is { } to ? Rlp.EncodeBytes(to.AsSpan()) : Rlp.EncodeBytes([]),
        Rlp.EncodeInteger(Value),
        Rlp.EncodeBytes(Data),
        Rlp.EncodeList(AccessList.Select(entry => Rlp.EncodeList(
        [
            Rlp.EncodeBytes(entry.Address.AsSpan()),
            Rlp.EncodeList(entry.StorageKeys.Select(key => Rlp.EncodeBytes(key))),
        ]))),
    ];

    private static byte[] Pad32(BigInteger value)
    {
        if (value >= BigInteger.One << 256)
        {
            throw new FormatException("signature value larger than 32 bytes");
        }
        return AbiCodec.Word(value);
    }
}
