using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Oracle.Relayer.Feeds;

namespace Oracle.Relayer.Tests;

/// <summary>
/// <see cref="Extensions.AddRelayer"/> on a real host builder (issue: "Bad input", a missing or malformed
/// appsettings.json section): the start stops with an <see cref="OptionsValidationException"/> whose
/// failures name every broken key, before anything runs.
/// </summary>
public sealed class AddRelayerTests
{
    private const string Pin = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    /// <summary>A complete configuration as flat keys; rows remove or replace some.</summary>
    private static Dictionary<string, string?> Valid() => new()
    {
        ["EnclaveClient:Endpoint"] = "https://localhost:7000",
        ["EnclaveClient:PinnedSha256"] = Pin,
        ["Relayer:Chains:0:Name"] = "devnet",
        ["Relayer:Chains:0:RpcUrl"] = "http://127.0.0.1:8545",
        ["Relayer:Chains:0:ChainId"] = "31337",
        ["Relayer:Chains:0:PrivateKey"] = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        ["Relayer:Feeds:0:Name"] = "BTC/USD",
        ["Relayer:Feeds:0:Schedule"] = "0/5 * * * * ?",
        ["Relayer:Feeds:0:Sources:0:Adapter"] = "kraken",
        ["Relayer:Feeds:0:Sources:0:Params:pair"] = "XBTUSD",
        ["Relayer:Feeds:0:Targets:0:Chain"] = "devnet",
        ["Relayer:Feeds:0:Targets:0:Contract"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    };

    public static TheoryData<string, string[], string[], string> BrokenSections => new()
    {
        // row: what is wrong; keys removed (with what is under them) or set ("key=value"); keys the failures
        // must name; what the failure of the first key says
        { "no Relayer section", ["Relayer"], ["Relayer:Chains", "Relayer:Feeds"], "no chain configured" },
        { "no EnclaveClient section", ["EnclaveClient"], ["EnclaveClient:Endpoint", "EnclaveClient:CaCertificatePath or EnclaveClient:PinnedSha256"], "required" },
        { "nothing configured", ["Relayer", "EnclaveClient"],
            ["Relayer:Chains", "Relayer:Feeds", "EnclaveClient:Endpoint", "EnclaveClient:CaCertificatePath or EnclaveClient:PinnedSha256"], "no chain configured" },
        { "Relayer given as a string", ["Relayer", "Relayer=on"], ["Relayer"], "expected a section with settings, got the value 'on'" },
        { "Chains given as a string", ["Relayer:Chains", "Relayer:Chains=devnet"], ["Relayer:Chains"], "expected a list (Relayer:Chains:0, Relayer:Chains:1, ...), got the value 'devnet'" },
        { "Feeds given as a string", ["Relayer:Feeds", "Relayer:Feeds=BTC/USD"], ["Relayer:Feeds"], "expected a list" },
        { "Params given as a string", ["Relayer:Feeds:0:Sources:0:Params", "Relayer:Feeds:0:Sources:0:Params=XBTUSD"], ["Relayer:Feeds:0:Sources:0:Params"], "expected a section of name: value pairs" },
        { "ChainId not a number", ["Relayer:Chains:0:ChainId=thirty-one"], ["Relayer:Chains:0:ChainId"], "'thirty-one' is not a non-negative integer" },
        { "ChainId negative", ["Relayer:Chains:0:ChainId=-1"], ["Relayer:Chains:0:ChainId"], "'-1' is not a non-negative integer" },
        { "Confirmations not a number", ["Relayer:Chains:0:Confirmations=one"], ["Relayer:Chains:0:Confirmations"], "'one' is not an integer" },
        { "RpcTimeout not a duration", ["Relayer:Chains:0:RpcTimeout=10 seconds"], ["Relayer:Chains:0:RpcTimeout"], "'10 seconds' is not a duration" },
        { "MinSources not a number", ["Relayer:Feeds:0:MinSources=all"], ["Relayer:Feeds:0:MinSources"], "'all' is not an integer" },
        { "PortOverride not a number", ["Relayer:Feeds:0:Sources:0:PortOverride=https"], ["Relayer:Feeds:0:Sources:0:PortOverride"], "'https' is not an integer" },
        { "two values of the wrong type", ["Relayer:Chains:0:ChainId=x", "Relayer:Feeds:0:RetryDelay=y"],
            ["Relayer:Chains:0:ChainId", "Relayer:Feeds:0:RetryDelay"], "'x' is not a non-negative integer" },
        { "Schedule broken and key missing", ["Relayer:Feeds:0:Schedule=soon", "Relayer:Chains:0:PrivateKey"],
            ["Relayer:Feeds:0:Schedule", "Relayer:Chains:0:PrivateKey"], "'soon' is not a valid Quartz cron expression" },
        { "enclave endpoint plain http", ["EnclaveClient:Endpoint=http://localhost:7000"], ["EnclaveClient:Endpoint"], "is not an https:// URL" },
        { "enclave timeout not a duration", ["EnclaveClient:Timeout=a minute"], ["EnclaveClient:Timeout"], "'a minute' is not a duration" },
        { "both sections broken", ["Relayer:Chains:0:RpcUrl=", "EnclaveClient:PinnedSha256=abc"],
            ["Relayer:Chains:0:RpcUrl", "EnclaveClient:PinnedSha256"], "is not an http(s) URL" },
    };

    [Fact]
    public void AddRelayer_BuildsTheHost_WhenTheConfigurationIsValid()
    {
        var b = Builder(Valid());
        b.AddRelayer();
        using var host = b.Build();
        var feed = host.Services.GetRequiredService<FeedCatalog>().Get("BTC/USD");
        Assert.Equal("devnet", Assert.Single(feed.Targets).Chain.Name);
    }

    [Theory]
    [MemberData(nameof(BrokenSections))]
    public void AddRelayer_ThrowsNamingEveryBrokenKey_WhenASectionIsMissingOrMalformed(string what, string[] changes, string[] keys, string says)
    {
        var config = Valid();
        foreach (var c in changes)
        {
            int eq = c.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                foreach (var k in config.Keys.Where(k => k == c || k.StartsWith(c + ":", StringComparison.Ordinal)).ToList()) config.Remove(k);
            else
                config[c[..eq]] = c[(eq + 1)..];
        }
        var b = Builder(config);

        var e = Assert.Throws<OptionsValidationException>(() => b.AddRelayer());

        foreach (var key in keys)
            Assert.True(e.Failures.Any(f => f.StartsWith(key + ": ", StringComparison.Ordinal)),
                $"{what}: no failure names {key}; failures:\n  {string.Join("\n  ", e.Failures)}");
        Assert.Contains(says, e.Failures.First(f => f.StartsWith(keys[0] + ": ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.All(e.Failures, f => Assert.Contains(f, e.Message, StringComparison.Ordinal));
        // Nothing was registered: the host cannot run a half-configured relayer.
        Assert.DoesNotContain(b.Services, s => s.ServiceType == typeof(FeedRoundRunner));
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> config)
    {
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        b.Configuration.AddInMemoryCollection(config);
        return b;
    }
}
