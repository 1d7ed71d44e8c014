using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Oracle.Enclave.Client;
using Oracle.Enclave.Host.Tests.Support;
using Oracle.Evm;

namespace Oracle.Enclave.Host.Tests;

/// <summary>
/// Issue 5 through the host's gRPC service: quorum endorsement (<c>Endorse</c>) and the signed error report that
/// <c>Execute</c> returns for an on-chain request whose job_text the enclave refuses. Every signature is checked in
/// C# (Oracle.Evm): the EIP-712 digest recomputed from the fields the test expects, and the signer recovered from it.
/// </summary>
[Collection(EnclaveWorldCollection.Name)]
public sealed class EnclaveEndorseTests(EnclaveWorld world)
{
    private const string RequestId = "0x000000000000000000000000000000000000000000000000000000000000002a";
    private static readonly BigInteger OwnValue = BigInteger.Parse("4212345678901", CultureInfo.InvariantCulture); // 42123.45678901 * 10^8
    private readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Endorse_SignsTheLeadersReport_WhenTheOwnValueIsWithinTolerance()
    {
        JsonObject request = OnChainRequest(world.GoodUrl());
        ExecuteResult leader = (await world.Client.ExecuteAsync(request, Ct)).EnsureOk();
        Assert.Equal(OwnValue, leader.Value);
        // The leader says 0.4% more (the job allows 1%), observed 20 s earlier, over its own transcript.
        BigInteger leaderValue = OwnValue * 1004 / 1000;
        ulong leaderObservedAt = leader.ObservedAt!.Value - 20;
        string leaderSourcesHash = "0x" + new string('c', 64);
        request["endorse"] = Endorse(leaderValue, leaderObservedAt, leaderSourcesHash);

        ExecuteResult result = await world.Client.EndorseAsync(request, Ct);

        Assert.True(result.Ok, result.RawJson);
        Assert.True(result.Endorsed);
        Assert.False(result.ErrorReport);
        Assert.Equal(leaderValue, result.Value);
        Assert.Equal(leaderObservedAt, result.ObservedAt);
        Assert.Equal(leaderSourcesHash, result.SourcesHash);
        Assert.Equal(OwnValue, result.OwnValue);
        Assert.Empty(result.OwnData!);
        Assert.InRange((long)result.OwnObservedAt!.Value, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Equal(leader.FeedId, result.FeedId);
        Assert.True(Assert.Single(result.Sources).Ok);
        SignedReport report = Assert.Single(result.Reports);
        byte[] digest = Eip712.ReportDigest(31337, EthAddress.Parse(EnclaveWorld.Contract), Bytes(leader.FeedId!), Bytes(RequestId),
            7, leaderValue, [], leaderObservedAt, Bytes(leaderSourcesHash));
        AssertSignedBy(world.Host.Signer, digest, report);
        Assert.NotEqual(Assert.Single(leader.Reports).Digest, report.Digest);
    }

    [Fact]
    public async Task Endorse_RefusesWithoutReports_WhenTheOwnValueIsOutOfTolerance()
    {
        JsonObject request = OnChainRequest(world.GoodUrl());
        BigInteger leaderValue = OwnValue * 105 / 100; // 5% more; the job allows 1%
        request["endorse"] = Endorse(leaderValue, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "0x" + new string('c', 64));

        ExecuteResult result = await world.Client.EndorseAsync(request, Ct);

        Assert.False(result.Ok, result.RawJson);
        Assert.False(result.Endorsed);
        Assert.False(result.ErrorReport);
        Assert.Equal("endorse_out_of_tolerance", result.Error?.Name);
        Assert.Equal(603, result.Error?.Code);
        Assert.Contains(OwnValue.ToString(CultureInfo.InvariantCulture), result.Error!.Detail);
        Assert.Contains(leaderValue.ToString(CultureInfo.InvariantCulture), result.Error.Detail);
        Assert.Contains("max_deviation_bps 100", result.Error.Detail);
        Assert.Empty(result.Reports);
        Assert.DoesNotContain("\"signature\"", result.RawJson);
        Assert.True(Assert.Single(result.Sources).Ok, "the own run succeeded; only the comparison refused");
        var e = Assert.Throws<EnclaveClientException>(() => result.EnsureOk());
        Assert.Equal("endorse_out_of_tolerance", e.EnclaveError?.Name);
    }

    [Fact]
    public async Task Endorse_ThrowsInvalidRequest_WhenTheRequestIsNotAJsonObject()
    {
        var e = await Assert.ThrowsAsync<EnclaveClientException>(() => world.Client.EndorseAsync("[1]", Ct));

        Assert.Equal(EnclaveClientErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("request_json", e.Message);
    }

    [Fact]
    public async Task Execute_ReturnsASignedErrorReport_WhenTheJobTextOfAnOnChainRequestIsRefused()
    {
        // An http:// source: refused while parsing (job_url), before any connection.
        string jobText = JobText(world.GoodUrl().Replace("https://", "http://", StringComparison.Ordinal));
        JsonObject request = OnChainRequest(jobText: jobText);
        ulong chainTime = (ulong)request["chain_time"]!.GetValue<long>();

        ExecuteResult result = await world.Client.ExecuteAsync(request, Ct);

        Assert.False(result.Ok, result.RawJson);
        Assert.True(result.ErrorReport, result.RawJson);
        Assert.False(result.Endorsed);
        Assert.Equal("job_url", result.Error?.Name);
        Assert.Equal(103, result.Error?.Code);
        Assert.Empty(result.Sources);
        // The fields, against values computed here.
        byte[] feedId = Keccak256.Hash(Encoding.UTF8.GetBytes(jobText));
        byte[] marker = Keccak256.Hash("AttestedOracle/error/v1");
        Assert.Equal(ExecuteResult.ErrorMarker, "0x" + Convert.ToHexStringLower(marker));
        Assert.Equal("0x" + Convert.ToHexStringLower(feedId), result.FeedId);
        Assert.Equal(RequestId, result.RequestId);
        Assert.Equal(7UL, result.Round);
        Assert.Equal(BigInteger.Zero, result.Value);
        Assert.Equal("job_url"u8.ToArray(), result.Data);
        Assert.Equal(chainTime, result.ObservedAt);
        Assert.Equal(ExecuteResult.ErrorMarker, result.SourcesHash);
        // The signature: over the digest recomputed from those fields, by the enclave's key.
        SignedReport report = Assert.Single(result.Reports);
        byte[] digest = Eip712.ReportDigest(31337, EthAddress.Parse(EnclaveWorld.Contract), feedId, Bytes(RequestId), 7,
            BigInteger.Zero, "job_url"u8, chainTime, marker);
        AssertSignedBy(world.Host.Signer, digest, report);
        // The compact proof carries the same fields (README "What gets signed": 213 bytes + data).
        byte[] p = report.Proof;
        Assert.Equal(213 + 7, p.Length);
        Assert.Equal(1, p[0]);
        Assert.Equal(feedId, p[1..33]);
        Assert.Equal(Bytes(RequestId), p[33..65]);
        Assert.Equal(7UL, BinaryPrimitives.ReadUInt64BigEndian(p.AsSpan(65)));
        Assert.Equal(new byte[32], p[73..105]);
        Assert.Equal(chainTime, BinaryPrimitives.ReadUInt64BigEndian(p.AsSpan(105)));
        Assert.Equal(marker, p[113..145]);
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(145)));
        Assert.Equal("job_url"u8.ToArray(), p[147..154]);
        Assert.Equal(1, p[154]);
        Assert.Equal(report.Signature, p[155..]);
        // Still a failure to the relayer: EnsureOk throws the job's error.
        var e = Assert.Throws<EnclaveClientException>(() => result.EnsureOk());
        Assert.Equal("job_url", e.EnclaveError?.Name);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Execute_SignsNoErrorReport_WhenTheRequestIdIsZero()
    {
        JsonObject request = OnChainRequest(jobText: JobText(world.GoodUrl().Replace("https://", "http://", StringComparison.Ordinal)));
        request.Remove("request_id");

        ExecuteResult result = await world.Client.ExecuteAsync(request, Ct);

        Assert.False(result.Ok);
        Assert.False(result.ErrorReport);
        Assert.Equal("job_url", result.Error?.Name);
        Assert.Empty(result.Reports);
    }

    [Fact]
    public async Task Execute_AcceptsTheJobAsCanonicalText_WithTheFeedIdOfTheJobObject()
    {
        string jobText = JobText(world.GoodUrl());

        ExecuteResult fromText = (await world.Client.ExecuteAsync(OnChainRequest(jobText: jobText), Ct)).EnsureOk();
        ExecuteResult fromObject = (await world.Client.ExecuteAsync(OnChainRequest(world.GoodUrl()), Ct)).EnsureOk();

        Assert.Equal("0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes(jobText))), fromText.FeedId);
        Assert.Equal(fromObject.FeedId, fromText.FeedId);
        Assert.Equal(OwnValue, fromText.Value);
    }

    // The job of EnclaveWorld.Request as its RFC 8785 text: members sorted, no whitespace.
    private static string JobText(string url) =>
        "{\"aggregation\":{\"max_deviation_bps\":100,\"method\":\"median\",\"min_sources\":1}," +
        "\"result\":{\"decimals\":8,\"type\":\"int256\"}," +
        $"\"sources\":[{{\"pointer\":\"/price\",\"url\":\"{url}\"}}]}}";

    // EnclaveWorld.Request (round 7, chain 31337) for request RequestId, with the job as an object or as text.
    private static JsonObject OnChainRequest(string? url = null, string? jobText = null)
    {
        JsonObject request = EnclaveWorld.Request(url ?? "https://unused.test/");
        request["request_id"] = RequestId;
        if (jobText is not null)
        {
            request.Remove("job");
            request["job_text"] = jobText;
        }
        return request;
    }

    private static JsonObject Endorse(BigInteger value, ulong observedAt, string sourcesHash) => new()
    {
        ["value"] = value.ToString(CultureInfo.InvariantCulture),
        ["data"] = "0x",
        ["observed_at"] = observedAt,
        ["sources_hash"] = sourcesHash,
    };

    private static void AssertSignedBy(string signer, byte[] expectedDigest, SignedReport report)
    {
        Assert.Equal("0x" + Convert.ToHexStringLower(expectedDigest), report.Digest);
        Assert.Equal(EthAddress.Parse(signer), EthSignature.FromBytes65(report.Signature).Recover(expectedDigest));
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.AsSpan(2));
}
