using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The header of a block's part set: <c>{"total":1,"hash":HEX}</c>.</summary>
/// <param name="Total">The number of parts (a JSON number: it is a uint32).</param>
/// <param name="Hash">The Merkle root of the parts.</param>
public sealed record PartSetHeader(uint Total, byte[] Hash)
{
    internal static PartSetHeader Parse(JsonElement e, string path) =>
        new(UInt32(RequireObject(e, path), "total", path), Hex(e, "hash", path));
}

/// <summary>A block's identity: <c>{"hash":HEX,"parts":{...}}</c>; both empty for the zero block id (e.g. height 1's last block).</summary>
/// <param name="Hash">The header hash.</param>
/// <param name="Parts">The part set header.</param>
public sealed record BlockId(byte[] Hash, PartSetHeader Parts)
{
    internal static BlockId Parse(JsonElement e, string path) =>
        new(Hex(RequireObject(e, path), "hash", path), PartSetHeader.Parse(Object(e, "parts", path), Path(path, "parts")));
}
