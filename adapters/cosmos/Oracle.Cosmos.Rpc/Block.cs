using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>A block (<c>types.Block</c>).</summary>
/// <param name="Header">The header.</param>
/// <param name="Txs">The raw transactions (<c>data.txs</c>, base64 on the wire).</param>
/// <param name="Evidence">The evidence items, each as its raw JSON (not decoded here).</param>
/// <param name="LastCommit">The commit of the previous block (height 0 and no signatures in block 1).</param>
public sealed record Block(BlockHeader Header, IReadOnlyList<byte[]> Txs, IReadOnlyList<string> Evidence, Commit? LastCommit)
{
    internal static Block Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var data = Object(e, "data", path);
        var evidence = Object(e, "evidence", path);
        var lastCommit = OptObject(e, "last_commit", path);
        return new Block(
            BlockHeader.Parse(Object(e, "header", path), Path(path, "header")),
            Array(data, "txs", Path(path, "data"), ParseBase64),
            Array(evidence, "evidence", Path(path, "evidence"), (item, _) => item.GetRawText()),
            lastCommit is null ? null : Commit.Parse(lastCommit.Value, Path(path, "last_commit")));
    }
}

/// <summary>The answer of <c>block</c>: <c>{"block_id":{...},"block":{...}}</c>.</summary>
/// <param name="BlockId">The block's id.</param>
/// <param name="Block">The block; null when the node has no block at that height (pruned).</param>
public sealed record BlockResult(BlockId BlockId, Block? Block)
{
    internal static BlockResult Parse(JsonElement e, string path)
    {
        var block = OptObject(RequireObject(e, path), "block", path);
        return new BlockResult(
            BlockId.Parse(Object(e, "block_id", path), Path(path, "block_id")),
            block is null ? null : Block.Parse(block.Value, Path(path, "block")));
    }
}
