namespace Oracle.Cosmos.Tx;

/// <summary>What is wrong with a transaction being built or decoded. The numbers are stable codes.</summary>
public enum TxError
{
    /// <summary>A coin's denom does not match <c>[a-zA-Z][a-zA-Z0-9/:._-]{2,127}</c> or its amount is not a non-negative decimal integer (at most 78 digits, no leading zeros).</summary>
    BadCoin = 1,

    /// <summary>No signer (public key and sequence) was set on the builder.</summary>
    MissingSigner = 2,

    /// <summary>A <c>MsgExecuteContract.msg</c> is not UTF-8 JSON (amino JSON embeds it as a JSON value).</summary>
    BadContractMsg = 3,

    /// <summary>Bytes do not decode as a <c>TxRaw</c> (or its body / auth info).</summary>
    MalformedTx = 4,

    /// <summary>A message type has no amino JSON form here (only MsgSend and MsgExecuteContract do).</summary>
    UnsupportedAminoType = 5,

    /// <summary>A chain id is empty.</summary>
    BadChainId = 6,
}

/// <summary>A transaction-layer failure naming the rule that failed (<see cref="Code"/>).</summary>
public sealed class TxException(TxError code, string message, Exception? inner = null) : Exception($"{code}: {message}", inner)
{
    /// <summary>The failed rule.</summary>
    public TxError Code { get; } = code;
}
