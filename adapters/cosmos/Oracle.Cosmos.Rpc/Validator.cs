using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>A validator (<c>types.Validator</c>): <c>{"address":HEX,"pub_key":{...},"voting_power":"10","proposer_priority":"-5"}</c>.</summary>
/// <param name="Address">The address (first 20 bytes of SHA-256 of the Ed25519 key).</param>
/// <param name="PubKey">The consensus key.</param>
/// <param name="VotingPower">The voting power (positive in a set).</param>
/// <param name="ProposerPriority">The proposer priority (may be negative).</param>
public sealed record Validator(byte[] Address, PubKey PubKey, long VotingPower, long ProposerPriority)
{
    internal static Validator Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new Validator(
            Hex(e, "address", path),
            PubKey.Parse(Object(e, "pub_key", path), Path(path, "pub_key")),
            Int64(e, "voting_power", path, min: 0),
            Int64(e, "proposer_priority", path));
    }
}

/// <summary>The validator set at a height, every page of <c>validators</c> put together, in the node's (canonical) order.</summary>
/// <param name="BlockHeight">The height the set is for.</param>
/// <param name="Validators">All validators.</param>
public sealed record ValidatorSet(long BlockHeight, IReadOnlyList<Validator> Validators);

/// <summary>One page of <c>validators</c>: <c>{"block_height":"5","validators":[...],"count":"100","total":"150"}</c>.</summary>
internal sealed record ValidatorsPage(long BlockHeight, IReadOnlyList<Validator> Validators, long Count, long Total)
{
    internal static ValidatorsPage Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var page = new ValidatorsPage(
            Int64(e, "block_height", path, min: 1),
            Array(e, "validators", path, Validator.Parse),
            Int64(e, "count", path, min: 0),
            Int64(e, "total", path, min: 0));
        if (page.Count != page.Validators.Count)
        {
            throw new CometFormatException(Path(path, "count"), $"says {page.Count} but the page has {page.Validators.Count} validators");
        }
        return page;
    }
}
