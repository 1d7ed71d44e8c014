using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>A validator power change from FinalizeBlock (<c>abci.ValidatorUpdate</c>), whose key CometBFT writes as
/// <c>{"Sum":{"type":"tendermint.crypto.PublicKey_Ed25519","value":{"ed25519":base64}}}</c>.</summary>
/// <param name="KeyType">"ed25519" or "secp256k1".</param>
/// <param name="PubKey">The raw key.</param>
/// <param name="Power">The new power (0 removes the validator).</param>
public sealed record ValidatorUpdate(string KeyType, byte[] PubKey, long Power)
{
    internal static ValidatorUpdate Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var keyPath = Path(path, "pub_key");
        var sumPath = Path(keyPath, "Sum");
        var sum = Object(Object(e, "pub_key", path), "Sum", keyPath);
        var type = String(sum, "type", sumPath);
        var value = Object(sum, "value", sumPath);
        var valuePath = Path(sumPath, "value");
        var (keyType, key) = type switch
        {
            "tendermint.crypto.PublicKey_Ed25519" => ("ed25519", Base64(value, "ed25519", valuePath)),
            "tendermint.crypto.PublicKey_Secp256K1" => ("secp256k1", Base64(value, "secp256k1", valuePath)),
            _ => throw new CometFormatException(Path(sumPath, "type"), $"'{type}' is not a known public key type"),
        };
        return new ValidatorUpdate(keyType, key, OptInt64(e, "power", path, min: 0));
    }
}

/// <summary>The answer of <c>block_results</c> (CometBFT 0.38: FinalizeBlock's results).</summary>
/// <param name="Height">The height.</param>
/// <param name="TxsResults">One result per transaction, in block order.</param>
/// <param name="FinalizeBlockEvents">Block-level events (begin/end block events of older versions).</param>
/// <param name="ValidatorUpdates">Validator changes (effective at height + 2).</param>
/// <param name="ConsensusParamUpdatesJson">The consensus parameter changes as raw JSON, or null (not decoded here).</param>
/// <param name="AppHash">The app hash after this block (base64 on the wire here, unlike the header's hex).</param>
public sealed record BlockResults(long Height, IReadOnlyList<ExecTxResult> TxsResults, IReadOnlyList<AbciEvent> FinalizeBlockEvents,
    IReadOnlyList<ValidatorUpdate> ValidatorUpdates, string? ConsensusParamUpdatesJson, byte[] AppHash)
{
    internal static BlockResults Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new BlockResults(
            Int64(e, "height", path, min: 1),
            Array(e, "txs_results", path, ExecTxResult.Parse),
            Array(e, "finalize_block_events", path, AbciEvent.Parse),
            Array(e, "validator_updates", path, ValidatorUpdate.Parse),
            OptObject(e, "consensus_param_updates", path)?.GetRawText(),
            Base64(e, "app_hash", path));
    }
}
