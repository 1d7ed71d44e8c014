using System.Text.Json.Nodes;

namespace Oracle.Evm;

/// <summary>The filter of <c>eth_getLogs</c>.</summary>
public sealed record LogFilter
{
    /// <summary>First block (a <see cref="BlockTag"/> or number); ignored when <see cref="BlockHash"/> is set.</summary>
    public string FromBlock { get; init; } = BlockTag.Latest;

    /// <summary>Last block (a <see cref="BlockTag"/> or number); ignored when <see cref="BlockHash"/> is set.</summary>
    public string ToBlock { get; init; } = BlockTag.Latest;

    /// <summary>Only logs of this block.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Emitting contracts (any when empty).</summary>
    public IReadOnlyList<EthAddress> Addresses { get; init; } = [];

    /// <summary>Topics by position; null matches anything, a list matches any of its entries.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?> Topics { get; init; } = [];

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (BlockHash is not null)
        {
            json["blockHash"] = BlockHash;
        }
        else
        {
            json["fromBlock"] = FromBlock;
            json["toBlock"] = ToBlock;
        }
        if (Addresses.Count > 0)
        {
            json["address"] = new JsonArray([.. Addresses.Select(a => JsonValue.Create(a.ToLowerHex()))]);
        }
        if (Topics.Count > 0)
        {
            json["topics"] = new JsonArray([.. Topics.Select(t => t is null ? null
                : (JsonNode)new JsonArray([.. t.Select(topic => JsonValue.Create(Hex.Encode(topic)))]))]);
        }
        return json;
    }
}
