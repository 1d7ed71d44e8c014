using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Oracle.Attestation.Tests;

/// <summary>
/// The PCS v4 client against WireMock.Net on loopback, serving the Phala sample's real collateral
/// in the shapes Intel's PCS and a PCCS use (Intel's service itself is not reachable here).
/// </summary>
public sealed class PcsCollateralClientTests : IDisposable
{
    private readonly WireMockServer _server;
    private readonly JsonObject _collateral = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "pcs-cache-" + Guid.NewGuid().ToString("N"));

    private readonly Uri _url;

    public PcsCollateralClientTests()
    {
        int port = FreePort();
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        // Not _server.Url: WireMock reports "localhost", which a fresh Debian root does not resolve.
        _url = new Uri($"http://127.0.0.1:{port}");
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        if (Directory.Exists(_cacheDirectory))
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private string Field(string name) => _collateral[name]!.GetValue<string>();

    private static string Encoded(string pem) => Uri.EscapeDataString(pem);

    private void ServeAll(string tcbBodyFormat = "{{\"tcbInfo\":{0},\"signature\":\"{1}\"}}", bool qeHeader = true, byte[]? tcbBody = null)
    {
        _server.Given(Request.Create().WithPath("/sgx/certification/v4/pckcrl").WithParam("ca", "processor").WithParam("encoding", "der").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("SGX-PCK-CRL-Issuer-Chain", Encoded(Field("pck_crl_issuer_chain")))
                .WithBody(Convert.FromHexString(Field("pck_crl"))));
        _server.Given(Request.Create().WithPath("/sgx/certification/v4/tcb").WithParam("fmspc", "00A067110000").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("TCB-Info-Issuer-Chain", Encoded(Field("tcb_info_issuer_chain")))
                .WithBody(tcbBody ?? Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, tcbBodyFormat, Field("tcb_info"), Field("tcb_info_signature")))));
        _server.Given(Request.Create().WithPath("/sgx/certification/v4/qe/identity").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader(qeHeader ? "SGX-Enclave-Identity-Issuer-Chain" : "X-Other", Encoded(Field("qe_identity_issuer_chain")))
                .WithBody($"{{\"enclaveIdentity\":{Field("qe_identity")},\"signature\":\"{Field("qe_identity_signature")}\"}}"));
        // A PCCS serves the root CA CRL hex-encoded.
        _server.Given(Request.Create().WithPath("/sgx/certification/v4/rootcacrl").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Field("root_ca_crl")));
    }

    private PcsCollateralClient Client(FixedTime time, string? cache = null) =>
        new(new HttpClient(), new PcsOptions { BaseUrl = _url, CacheDirectory = cache, Timeout = TimeSpan.FromSeconds(5) }, time);

    [Fact]
    public async Task GetAsync_FetchesCollateral_ThatVerifiesThePhalaQuote()
    {
        ServeAll();
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());
        var client = Client(new FixedTime(Vectors.PhalaVerificationTime));

        var collateral = await client.GetAsync(quote);
        var verified = DcapVerifier.Intel.Verify(quote, collateral, Vectors.PhalaVerificationTime);

        Assert.Equal(TcbStatus.ConfigurationAndSWHardeningNeeded, verified.Status);
        Assert.Equal(Encoding.UTF8.GetBytes(Field("tcb_info")), collateral.TcbInfoRaw);
        Assert.Equal(4, _server.LogEntries.Count());
        Assert.Equal("processor", PcsCollateralClient.PckCa(quote.PckChainPem[0]));
    }

    [Fact]
    public async Task GetAsync_ServesFromTheCacheUntilNextUpdate_ThenFetchesAgain()
    {
        ServeAll();
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());
        var time = new FixedTime(Vectors.PhalaVerificationTime);
        var client = Client(time);

        var first = await client.GetAsync(quote);
        time.Now = first.NextUpdate.AddSeconds(-1);
        var second = await client.GetAsync(quote);
        Assert.Same(first, second);
        Assert.Equal(1, client.Fetches);
        Assert.Equal(4, _server.LogEntries.Count());

        time.Now = first.NextUpdate.AddSeconds(1);
        await client.GetAsync(quote);
        Assert.Equal(2, client.Fetches);
        Assert.Equal(8, _server.LogEntries.Count());
    }

    [Fact]
    public async Task GetAsync_ReusesTheDiskCache_AfterARestart()
    {
        ServeAll();
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());
        var time = new FixedTime(Vectors.PhalaVerificationTime);
        await Client(time, _cacheDirectory).GetAsync(quote);
        Assert.Single(Directory.GetFiles(_cacheDirectory, "collateral-00A067110000-processor.json"));

        var restarted = Client(time, _cacheDirectory);
        var collateral = await restarted.GetAsync(quote);

        Assert.Equal(0, restarted.Fetches);
        Assert.Equal(4, _server.LogEntries.Count());
        DcapVerifier.Intel.Verify(quote, collateral, Vectors.PhalaVerificationTime);
    }

    [Fact]
    public async Task GetAsync_CutsTheSignedObjectExactly_WhateverSurroundsIt()
    {
        // Spaces and another field around tcbInfo: the bytes of tcbInfo itself still verify.
        ServeAll("{{ \"issuer\" : \"x\" ,\n  \"tcbInfo\" : {0} ,\n  \"signature\" : \"{1}\" }}");
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var collateral = await Client(new FixedTime(Vectors.PhalaVerificationTime)).GetAsync(quote);

        Assert.Equal(TcbStatus.ConfigurationAndSWHardeningNeeded, DcapVerifier.Intel.Verify(quote, collateral, Vectors.PhalaVerificationTime).Status);
    }

    [Fact]
    public async Task GetAsync_Throws_NamingTheUrlAndStatus_WhenTheServiceFails()
    {
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = await Assert.ThrowsAsync<CollateralFetchException>(() => Client(new FixedTime(Vectors.PhalaVerificationTime)).GetAsync(quote));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.Status);
        Assert.Contains("/sgx/certification/v4/pckcrl?ca=processor", ex.Message);
        Assert.Contains("503", ex.Message);
    }

    [Fact]
    public async Task GetAsync_Throws_WhenAnIssuerChainHeaderIsMissing()
    {
        ServeAll(qeHeader: false);
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = await Assert.ThrowsAsync<CollateralFetchException>(() => Client(new FixedTime(Vectors.PhalaVerificationTime)).GetAsync(quote));

        Assert.Contains("SGX-Enclave-Identity-Issuer-Chain", ex.Message);
    }

    [Fact]
    public async Task GetAsync_RefusesCollateralJsonThatDoesNotParse()
    {
        ServeAll("{{\"tcbInfo\":{0},\"signature\":\"{1}\"");
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = await Assert.ThrowsAsync<AttestationException>(() => Client(new FixedTime(Vectors.PhalaVerificationTime)).GetAsync(quote));

        Assert.Equal(AttestationCheck.TcbInfoJson, ex.Check);
    }

    [Fact]
    public async Task GetAsync_RefusesAnOversizedResponse()
    {
        ServeAll(tcbBody: new byte[2 << 20]);
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = await Assert.ThrowsAsync<CollateralFetchException>(() => Client(new FixedTime(Vectors.PhalaVerificationTime)).GetAsync(quote));

        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public void Constructor_NamesTheSetting_WhenBaseUrlIsMissing()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PcsCollateralClient(new HttpClient(), new PcsOptions()));

        Assert.Contains("Attestation:Pcs:BaseUrl", ex.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
