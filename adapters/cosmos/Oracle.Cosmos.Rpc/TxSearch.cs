using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The order of <c>tx_search</c> results, by height then index.</summary>
public enum TxOrder
{
    /// <summary>Oldest first ("asc").</summary>
    Ascending,
    /// <summary>Newest first ("desc").</summary>
    Descending,
}

/// <summary>A Merkle proof that a transaction is in a block's data hash (<c>types.TxProof</c>).</summary>
/// <param name="RootHash">The block's data hash.</param>
/// <param name="Data">The transaction.</param>
/// <param name="Total">Number of transactions in the block.</param>
/// <param name="Index">The transaction's index.</param>
/// <param name="LeafHash">The leaf hash.</param>
/// <param name="Aunts">Sibling hashes from the leaf up.</param>
public sealed record TxProof(byte[] RootHash, byte[] Data, long Total, long Index, byte[] LeafHash, IReadOnlyList<byte[]> Aunts)
{
    internal static TxProof Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var proof = Object(e, "proof", path);
        var proofPath = Path(path, "proof");
        return new TxProof(
            Hex(e, "root_hash", path),
            Base64(e, "data", path),
            Int64(proof, "total", proofPath, min: 0),
            Int64(proof, "index", proofPath, min: 0),
            Base64(proof, "leaf_hash", proofPath),
            Array(proof, "aunts", proofPath, ParseBase64, optional: true));
    }
}

/// <summary>One transaction found by <c>tx_search</c> (<c>ResultTx</c>).</summary>
/// <param name="Hash">The transaction hash (SHA-256 of <paramref name="Tx"/>).</param>
/// <param name="Height">The block height.</param>
/// <param name="Index">Its index in the block.</param>
/// <param name="TxResult">Its execution result.</param>
/// <param name="Tx">The raw transaction.</param>
/// <param name="Proof">The inclusion proof; null unless asked for (the node then sends an empty proof, read as null).</param>
public sealed record TxResponse(byte[] Hash, long Height, uint Index, ExecTxResult TxResult, byte[] Tx, TxProof? Proof)
{
    internal static TxResponse Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var proof = OptObject(e, "proof", path) is { } p ? TxProof.Parse(p, Path(path, "proof")) : null;
        return new TxResponse(
            Hex(e, "hash", path),
            Int64(e, "height", path, min: 1),
            UInt32(e, "index", path),
            ExecTxResult.Parse(Object(e, "tx_result", path), Path(path, "tx_result")),
            Base64(e, "tx", path),
            proof is { RootHash.Length: 0, Total: 0 } ? null : proof);
    }
}

/// <summary>The answer of <c>tx_search</c>: one page of transactions and the number matching.</summary>
/// <param name="Txs">This page's transactions.</param>
/// <param name="TotalCount">How many transactions match in all.</param>
public sealed record TxSearchResult(IReadOnlyList<TxResponse> Txs, long TotalCount)
{
    internal static TxSearchResult Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new TxSearchResult(Array(e, "txs", path, TxResponse.Parse), Int64(e, "total_count", path, min: 0));
    }
}
