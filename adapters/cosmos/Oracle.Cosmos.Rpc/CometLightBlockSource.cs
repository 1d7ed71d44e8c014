using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Oracle.Ibc.Tendermint;
using Proto = Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Cosmos.Rpc;

/// <summary>
/// The light client's source of blocks from a CometBFT node: <c>/commit</c> for the signed header, <c>/validators</c>
/// (every page) for the validator sets at the height and the next. Nothing from here is trusted: the light client
/// (<see cref="LightClient"/>, <see cref="Bisection"/>) verifies every block before anyone uses it.
/// </summary>
/// <remarks>
/// A malformed answer becomes a <see cref="TendermintException"/> (the bisection's result names it); transport and
/// RPC failures stay <see cref="CometRpcException"/> and propagate, so a worker can retry them.
/// </remarks>
public sealed class CometLightBlockSource(CometRpcClient client) : ILightBlockSource
{
    private readonly CometRpcClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public async ValueTask<LightClientBlock> GetLightBlockAsync(long height, CancellationToken cancellationToken)
    {
        if (height < 1)
            throw new TendermintException(TendermintError.InvalidHeight, $"height {height} is not positive");
        var commit = await _client.CallRawAsync("commit",
            new JsonObject { ["height"] = height.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        if (commit.ValueKind != JsonValueKind.Object || !commit.TryGetProperty("signed_header", out var signedHeaderJson))
            throw new TendermintException(TendermintError.InvalidJsonField, "$.result.signed_header: missing from the /commit answer");
        var signedHeader = TendermintJson.ReadSignedHeader(signedHeaderJson, "$.result.signed_header");
        if (signedHeader.Header?.Height != height)
            throw new TendermintException(TendermintError.InvalidHeight, $"asked /commit for height {height}, got {signedHeader.Header?.Height}");
        var validators = await ValidatorSetAsync(height, cancellationToken).ConfigureAwait(false);
        var next = await ValidatorSetAsync(height + 1, cancellationToken).ConfigureAwait(false);
        return new LightClientBlock(signedHeader, validators, next);
    }

    private async Task<Proto.ValidatorSet> ValidatorSetAsync(long height, CancellationToken cancellationToken)
    {
        ValidatorSet answer;
        try
        {
            answer = await _client.ValidatorsAsync(height, cancellationToken).ConfigureAwait(false);
        }
        catch (CometRpcException e) when (e.Error == CometRpcError.MalformedResponse)
        {
            throw new TendermintException(TendermintError.InvalidJsonField, $"/validators at {height}: {e.Message}", e);
        }
        if (answer.BlockHeight != height)
            throw new TendermintException(TendermintError.InvalidHeight, $"asked /validators for height {height}, got {answer.BlockHeight}");
        var list = new List<Proto.Validator>(answer.Validators.Count);
        foreach (var v in answer.Validators)
        {
            var key = v.PubKey.Type switch
            {
                PubKey.Ed25519Type => new Proto.PublicKey { Ed25519 = ByteString.CopyFrom(v.PubKey.Value) },
                PubKey.Secp256k1Type => new Proto.PublicKey { Secp256K1 = ByteString.CopyFrom(v.PubKey.Value) },
                _ => throw new TendermintException(TendermintError.InvalidJsonField, $"/validators at {height}: unknown key type {v.PubKey.Type}"),
            };
            list.Add(new Proto.Validator
            {
                Address = ByteString.CopyFrom(v.Address),
                PubKey = key,
                VotingPower = v.VotingPower,
                ProposerPriority = v.ProposerPriority,
            });
        }
        // CometBFT serves sets in this order already; sorting makes a reordered answer hash the same or fail alike.
        list.Sort(TendermintJson.CanonicalOrder);
        var set = new Proto.ValidatorSet();
        set.Validators.AddRange(list);
        return set;
    }
}
