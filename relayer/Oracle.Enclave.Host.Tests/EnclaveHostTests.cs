using System.Net;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Oracle.Enclave.Client;
using Oracle.Enclave.Host.Tests.Support;

namespace Oracle.Enclave.Host.Tests;

/// <summary>The host's gRPC service through EnclaveClient, against real HTTPS sources (nginx).</summary>
[Collection(EnclaveWorldCollection.Name)]
public sealed class EnclaveHostTests(EnclaveWorld world)
{
    private readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Identity_ReturnsSimulatedSimIdentity_WithAnAddress()
    {
        EnclaveIdentity identity = await world.Client.IdentityAsync(cancellationToken: Ct);

        Assert.True(identity.Simulated);
        Assert.Equal("sim", identity.Backend);
        Assert.Matches("^0x[0-9a-f]{40}$", identity.Signer);
        Assert.Equal(world.Host.Signer, identity.Signer);
        Assert.Contains("\"report_data\"", identity.Raw);
    }

    [Fact]
    public async Task Identity_BindsTheNonce_WhenOneIsGiven()
    {
        byte[] nonce = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        EnclaveIdentity identity = await world.Client.IdentityAsync(nonce, Ct);

        string nonceHex = "0x" + Convert.ToHexStringLower(nonce);
        Assert.Equal(nonceHex, JsonNode.Parse(identity.Raw)!["nonce"]!.GetValue<string>());
        Assert.EndsWith(nonceHex[2..], JsonNode.Parse(identity.Raw)!["report_data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_ReturnsAReportSignedByTheEnclave_WhenTheSourceIsTrusted()
    {
        EnclaveIdentity identity = await world.Client.IdentityAsync(cancellationToken: Ct);

        ExecuteResult result = (await world.Client.ExecuteAsync(EnclaveWorld.Request(world.GoodUrl()), Ct)).EnsureOk();

        Assert.True(result.Ok, result.RawJson);
        Assert.True(result.Simulated);
        Assert.Equal(BigInteger.Parse("4212345678901"), result.Value);
        Assert.Equal(8, result.Decimals);
        Assert.Equal(7UL, result.Round);
        Assert.Equal(identity.Signer, result.Signer);
        Assert.Matches("^0x[0-9a-f]{64}$", result.FeedId!);
        Assert.Null(result.Error);
        SignedReport report = Assert.Single(result.Reports);
        Assert.Equal(new BigInteger(31337), report.ChainId);
        Assert.Equal(EnclaveWorld.Contract, report.VerifyingContract, ignoreCase: true);
        Assert.Equal(65, report.Signature.Length);
        Assert.Equal(213, report.Proof.Length); // one signature, no data (README "What gets signed")
        Assert.Equal(identity.Signer, Ethers.RecoverAddress(report.Digest, "0x" + Convert.ToHexStringLower(report.Signature)));
        SourceOutcome source = Assert.Single(result.Sources);
        Assert.True(source.Ok);
        Assert.Equal("good.test", source.Host);
        Assert.Equal(200, source.Status);
    }

    [Theory]
    [InlineData("untrusted certificate", "rogue", "/price", "tls_cert_untrusted", 301)]
    [InlineData("pointer names nothing", "good", "/missing", "json_not_found", 502)]
    [InlineData("value is not a number", "good", "/nested", "value_not_number", 504)]
    [InlineData("not an https URL", "http", "/price", "job_url", 103)]
    public async Task Execute_FailsWithoutReports_WhenOneThingIsWrong(string why, string source, string pointer, string errorName, int errorCode)
    {
        string url = source switch
        {
            "rogue" => world.RogueUrl,
            "http" => world.GoodUrl().Replace("https://", "http://"),
            _ => world.GoodUrl(),
        };

        ExecuteResult result = await world.Client.ExecuteAsync(EnclaveWorld.Request(url, pointer), Ct);

        Assert.False(result.Ok, why);
        Assert.Equal(errorName, result.Error?.Name);
        Assert.Equal(errorCode, result.Error?.Code);
        Assert.Empty(result.Reports);
        Assert.DoesNotContain("\"signature\"", result.RawJson);
        var e = Assert.Throws<EnclaveClientException>(() => result.EnsureOk());
        Assert.Equal(EnclaveClientErrorKind.Enclave, e.Kind);
        Assert.Equal(errorName, e.EnclaveError?.Name);
        Assert.False(e.IsRetryable, why);
        Assert.Contains(world.Endpoint.ToString(), e.Message);
    }

    [Fact]
    public async Task Execute_ReportsTheSourceError_WhenTheCertificateIsNotFromTheDevCa()
    {
        ExecuteResult result = await world.Client.ExecuteAsync(EnclaveWorld.Request(world.RogueUrl), Ct);

        SourceOutcome source = Assert.Single(result.Sources);
        Assert.False(source.Ok);
        Assert.Equal("tls_cert_untrusted", source.Error?.Name);
        Assert.Null(source.Value);
    }

    [Fact]
    public async Task Execute_SignsEveryJob_WhenCalledConcurrently()
    {
        ExecuteResult[] results = await Task.WhenAll(Enumerable.Range(1, 6).Select(
            round => world.Client.ExecuteAsync(EnclaveWorld.Request(world.GoodUrl(), round: (ulong)round), Ct)));

        Assert.All(results, r => Assert.True(r.Ok, r.RawJson));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (ulong?)i), results.Select(r => r.Round));
        Assert.Single(results.Select(r => r.Signer).Distinct());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public async Task Execute_ThrowsInvalidRequest_WhenTheRequestIsNotAJsonObject(string requestJson)
    {
        var e = await Assert.ThrowsAsync<EnclaveClientException>(() => world.Client.ExecuteAsync(requestJson, Ct));

        Assert.Equal(EnclaveClientErrorKind.InvalidRequest, e.Kind);
        Assert.False(e.IsRetryable);
        Assert.Contains("request_json", e.Message);
    }

    [Fact]
    public async Task Healthz_AnswersHealthy_OverHttp2()
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(world.HostCaPath));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is not null && chain.Build(new X509Certificate2(cert));
        };
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using HttpResponseMessage response = await http.GetAsync(new Uri(world.Endpoint, "/healthz"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }
}
