using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary><c>validators</c> is paginated (per_page at most 100); the client follows pages to <c>total</c>, bounded.</summary>
public sealed class ValidatorsPaginationTests : IDisposable
{
    private readonly CometNodeStub _node = new();

    public void Dispose() => _node.Dispose();

    private static JsonObject ValidatorJson(int i) => new()
    {
        ["address"] = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes($"v{i}"))[..20]),
        ["pub_key"] = new JsonObject
        {
            ["type"] = "tendermint/PubKeyEd25519",
            ["value"] = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes($"pk{i}"))),
        },
        ["voting_power"] = (1000 - i).ToString(CultureInfo.InvariantCulture),
        ["proposer_priority"] = (-i).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Serves <paramref name="count"/> validators at <paramref name="height"/> the way env.Validators pages them;
    /// <paramref name="claimedTotal"/> lets a test make the node lie about the total.</summary>
    private void ServeValidators(int count, long height = 42, Func<int, long>? claimedTotal = null)
    {
        _node.OnResult("validators", p =>
        {
            var page = int.Parse(p["page"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var perPage = int.Parse(p["per_page"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var items = Enumerable.Range(0, count).Skip((page - 1) * perPage).Take(perPage).Select(ValidatorJson).ToArray();
            return new JsonObject
            {
                ["block_height"] = height.ToString(CultureInfo.InvariantCulture),
                ["validators"] = new JsonArray(items),
                ["count"] = items.Length.ToString(CultureInfo.InvariantCulture),
                ["total"] = (claimedTotal?.Invoke(page) ?? count).ToString(CultureInfo.InvariantCulture),
            }.ToJsonString();
        });
    }

    [Fact]
    public async Task ValidatorsAsync_FollowsBothPages_When150ValidatorsAreServed100PerPage()
    {
        ServeValidators(150);

        var set = await _node.Client().ValidatorsAsync();

        Assert.Equal(42, set.BlockHeight);
        Assert.Equal(150, set.Validators.Count);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)(1000 - i)), set.Validators.Select(v => v.VotingPower));
        Assert.Equal(-149, set.Validators[149].ProposerPriority);
        Assert.Equal(SHA256.HashData("pk100"u8), set.Validators[100].PubKey.Value);
        var requests = _node.Requests.Select(r => r["params"]!.AsObject()).ToList();
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].ContainsKey("height"));
        Assert.Equal(["1", "2"], requests.Select(p => p["page"]!.GetValue<string>()));
        Assert.All(requests, p => Assert.Equal("100", p["per_page"]!.GetValue<string>()));
        // The second page is pinned to the height the first one answered.
        Assert.Equal("42", requests[1]["height"]!.GetValue<string>());
    }

    [Fact]
    public async Task ValidatorsAsync_AsksForTheHeightOnEveryPage_WhenAHeightIsGiven()
    {
        ServeValidators(25, height: 7);

        var set = await _node.Client(o => o.ValidatorsPerPage = 10).ValidatorsAsync(7);

        Assert.Equal(25, set.Validators.Count);
        Assert.Equal(3, _node.Requests.Count);
        Assert.All(_node.Requests, r => Assert.Equal("7", r["params"]!["height"]!.GetValue<string>()));
        Assert.All(_node.Requests, r => Assert.Equal("10", r["params"]!["per_page"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ValidatorsAsync_MakesOneRequest_WhenTheSetFitsOnePage()
    {
        ServeValidators(4);

        var set = await _node.Client().ValidatorsAsync(42);

        Assert.Equal(4, set.Validators.Count);
        Assert.Single(_node.Requests);
    }

    [Fact]
    public async Task ValidatorsAsync_ThrowsPagination_WhenTheTotalNeedsMorePagesThanAllowed()
    {
        ServeValidators(150);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client(o => o.MaxValidatorPages = 1).ValidatorsAsync());

        Assert.Equal(CometRpcError.Pagination, e.Error);
        Assert.Contains("MaxValidatorPages", e.Message);
        Assert.Single(_node.Requests);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task ValidatorsAsync_ThrowsPagination_WhenTheTotalChangesBetweenPages()
    {
        ServeValidators(150, claimedTotal: page => page == 1 ? 150 : 151);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().ValidatorsAsync());

        Assert.Equal(CometRpcError.Pagination, e.Error);
    }

    [Fact]
    public async Task ValidatorsAsync_ThrowsPagination_WhenANodeClaimsMoreThanItServes()
    {
        // 150 served, 250 claimed: page 3 comes back empty; the loop stops there (3 requests), it does not spin.
        ServeValidators(150, claimedTotal: _ => 250);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().ValidatorsAsync());

        Assert.Equal(CometRpcError.Pagination, e.Error);
        Assert.Equal(3, _node.Requests.Count);
    }

    [Fact]
    public async Task ValidatorsAsync_ThrowsMalformedResponse_WhenCountDisagreesWithThePage()
    {
        _node.OnResult("validators", _ => new JsonObject
        {
            ["block_height"] = "42",
            ["validators"] = new JsonArray(ValidatorJson(0)),
            ["count"] = "2",
            ["total"] = "2",
        }.ToJsonString());

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().ValidatorsAsync());

        Assert.Equal(CometRpcError.MalformedResponse, e.Error);
        Assert.Equal("result.count", e.Field);
    }
}
