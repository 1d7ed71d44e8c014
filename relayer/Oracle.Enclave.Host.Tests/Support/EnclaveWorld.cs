using System.Net;
using System.Text.Json.Nodes;
using Oracle.Enclave.Client;

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>
/// One enclave host (child process, TLS certificate from a test CA) and two HTTPS sources on loopback:
/// <c>good.test</c> with a certificate from the enclave's dev CA, <c>rogue.test</c> with one from a CA the
/// enclave does not know. Shared by the tests of the "enclave world" collection.
/// </summary>
public sealed class EnclaveWorld : IDisposable
{
    public const string Contract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private readonly TempDir _dir = new();
    private readonly Nginx _good;
    private readonly Nginx _rogue;
    private readonly HostProcess _host;

    public EnclaveWorld()
    {
        var pki = new TestPki(_dir);
        PemPair hostCa = pki.MakeCa("enclave-host test CA");
        OtherCaPath = pki.MakeCa("some other CA").CertificatePath;
        HostCaPath = hostCa.CertificatePath;
        PemPair hostCert = pki.Issue(hostCa, ["localhost"], IPAddress.Loopback);

        _good = new Nginx(_dir, "good.test", pki.Issue(TestPki.DevCa, ["good.test"]));
        _good.Serve("price.json", """{"price":"42123.45678901","nested":{"n":17}}""");
        _rogue = new Nginx(_dir, "rogue.test", pki.Issue(pki.MakeCa("rogue CA"), ["rogue.test"]));
        _rogue.Serve("price.json", """{"price":"1"}""");

        Dictionary<string, string> settings = HostProcess.DefaultSettings(_dir);
        settings["Tls:CertificatePath"] = hostCert.CertificatePath;
        settings["Tls:KeyPath"] = hostCert.KeyPath;
        settings["Resolve:0"] = "good.test:0:127.0.0.1";
        settings["Resolve:1"] = "rogue.test:0:127.0.0.1";
        _host = HostProcess.Start(_dir, settings);
        try
        {
            Client = _host.Client(caCertificatePath: HostCaPath);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Uri Endpoint => _host.Endpoint;

    public HostProcess Host => _host;

    public string HostCaPath { get; }

    public string OtherCaPath { get; }

    public EnclaveClient Client { get; }

    public string GoodUrl(string path = "price.json") => $"https://good.test:{_good.Port}/{path}";

    public string RogueUrl => $"https://rogue.test:{_rogue.Port}/price.json";

    /// <summary>An execute request for one source, judged at the current time, for chain 31337.</summary>
    public static JsonObject Request(string url, string pointer = "/price", ulong round = 7) => new()
    {
        ["job"] = new JsonObject
        {
            ["sources"] = new JsonArray(new JsonObject { ["url"] = url, ["pointer"] = pointer }),
            ["result"] = new JsonObject { ["type"] = "int256", ["decimals"] = 8 },
            ["aggregation"] = new JsonObject { ["method"] = "median", ["min_sources"] = 1, ["max_deviation_bps"] = 100 },
        },
        ["round"] = round,
        ["chain_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["targets"] = new JsonArray(new JsonObject { ["chain_id"] = 31337, ["verifying_contract"] = Contract }),
    };

    public void Dispose()
    {
        Client?.Dispose();
        _host?.Dispose();
        // ORACLE_TEST_HOST_LOG=FILE keeps the host's output (the enclave's log, one line per execute).
        if (Environment.GetEnvironmentVariable("ORACLE_TEST_HOST_LOG") is { Length: > 0 } log && _host is not null)
            File.WriteAllText(log, _host.Process.Output);
        _good?.Dispose();
        _rogue?.Dispose();
        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EnclaveWorldCollection : ICollectionFixture<EnclaveWorld>
{
    public const string Name = "enclave world";
}
