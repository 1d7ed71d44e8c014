using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The data of a <c>tm.event='NewBlock'</c> event (<c>types.EventDataNewBlock</c>).</summary>
/// <param name="Block">The new block.</param>
/// <param name="BlockId">Its id.</param>
/// <param name="FinalizeBlockEvents">Block-level events from FinalizeBlock.</param>
/// <param name="TxResults">One result per transaction.</param>
/// <param name="AppHash">The app hash after the block.</param>
public sealed record NewBlockEvent(Block Block, BlockId BlockId, IReadOnlyList<AbciEvent> FinalizeBlockEvents, IReadOnlyList<ExecTxResult> TxResults, byte[] AppHash)
{
    internal static NewBlockEvent Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var finalize = Object(e, "result_finalize_block", path);
        var finalizePath = Path(path, "result_finalize_block");
        return new NewBlockEvent(
            Block.Parse(Object(e, "block", path), Path(path, "block")),
            BlockId.Parse(Object(e, "block_id", path), Path(path, "block_id")),
            Array(finalize, "events", finalizePath, AbciEvent.Parse, optional: true),
            Array(finalize, "tx_results", finalizePath, ExecTxResult.Parse, optional: true),
            Base64(finalize, "app_hash", finalizePath, optional: true));
    }
}

/// <summary>The data of a <c>tm.event='Tx'</c> event (<c>types.EventDataTx</c>, i.e. <c>{"TxResult":{...}}</c>).</summary>
/// <param name="Height">The block height.</param>
/// <param name="Index">The transaction's index in the block.</param>
/// <param name="Tx">The raw transaction.</param>
/// <param name="Result">Its execution result.</param>
public sealed record TxEvent(long Height, uint Index, byte[] Tx, ExecTxResult Result)
{
    internal static TxEvent Parse(JsonElement e, string path)
    {
        var txResult = Object(RequireObject(e, path), "TxResult", path);
        path = Path(path, "TxResult");
        return new TxEvent(
            OptInt64(txResult, "height", path, min: 0),
            UInt32(txResult, "index", path, optional: true),
            Base64(txResult, "tx", path, optional: true),
            ExecTxResult.Parse(Object(txResult, "result", path), Path(path, "result")));
    }
}

/// <summary>One event delivered to a subscription (<c>ResultEvent</c>): the query it matched, its typed data and the events map.</summary>
/// <param name="Query">The subscription's query.</param>
/// <param name="DataType">The Amino type of the data, e.g. "tendermint/event/NewBlock" or "tendermint/event/Tx".</param>
/// <param name="DataJson">The data's <c>value</c> as raw JSON (for event types not decoded here).</param>
/// <param name="Events">The composite keys ("tm.event", "tx.hash", "transfer.amount", ...) and their values.</param>
/// <param name="NewBlock">The decoded data when <paramref name="DataType"/> is a NewBlock event.</param>
/// <param name="Tx">The decoded data when <paramref name="DataType"/> is a Tx event.</param>
public sealed record CometEvent(string Query, string DataType, string DataJson, IReadOnlyDictionary<string, IReadOnlyList<string>> Events,
    NewBlockEvent? NewBlock, TxEvent? Tx)
{
    /// <summary>The data type of a NewBlock event.</summary>
    public const string NewBlockType = "tendermint/event/NewBlock";

    /// <summary>The data type of a Tx event.</summary>
    public const string TxType = "tendermint/event/Tx";

    internal static CometEvent Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var data = Object(e, "data", path);
        var dataPath = Path(path, "data");
        var type = String(data, "type", dataPath);
        var value = Required(data, "value", dataPath);
        var valuePath = Path(dataPath, "value");
        var events = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (OptObject(e, "events", path) is { } map)
        {
            foreach (var entry in map.EnumerateObject())
            {
                events[entry.Name] = Array(map, entry.Name, Path(path, "events"), StringItem);
            }
        }
        return new CometEvent(
            String(e, "query", path),
            type,
            value.GetRawText(),
            events,
            type == NewBlockType ? NewBlockEvent.Parse(value, valuePath) : null,
            type == TxType ? TxEvent.Parse(value, valuePath) : null);
    }
}
