namespace Oracle.Evm;

/// <summary>Block parameters of JSON-RPC calls: a tag or a number.</summary>
public static class BlockTag
{
    /// <summary>The head of the chain.</summary>
    public const string Latest = "latest";

    /// <summary>The head plus the node's pending transactions.</summary>
    public const string Pending = "pending";

    /// <summary>The genesis block.</summary>
    public const string Earliest = "earliest";

    /// <summary>The latest safe block (post-merge chains).</summary>
    public const string Safe = "safe";

    /// <summary>The latest finalized block (post-merge chains).</summary>
    public const string Finalized = "finalized";

    /// <summary>A block number as a JSON-RPC quantity.</summary>
    public static string Number(ulong number) => Hex.EncodeQuantity(number);
}
