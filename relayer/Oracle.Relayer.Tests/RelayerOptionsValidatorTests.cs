using Oracle.Relayer.Options;
using Oracle.Sources;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The relayer's settings check (issue: "Bad input"): each broken setting is reported with the key it is
/// written under in appsettings.json, and every broken setting is reported at once.
/// </summary>
public sealed class RelayerOptionsValidatorTests : IDisposable
{
    private const string Key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private readonly string dir = Directory.CreateTempSubdirectory("oracle-validator-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A complete, valid configuration: one chain, one feed with two sources, one target.</summary>
    private static RelayerOptions Valid() => new()
    {
        Chains =
        [
            new ChainOptions { Name = "devnet", Kind = "evm", RpcUrl = "http://127.0.0.1:8545", ChainId = 31337, PrivateKey = Key },
        ],
        Feeds =
        [
            new FeedOptions
            {
                Name = "BTC/USD",
                Schedule = "0/5 * * * * ?",
                Decimals = 8,
                Sources =
                [
                    new FeedSourceOptions { Adapter = "coinbase", Params = new() { ["base"] = "BTC", ["quote"] = "USD" } },
                    new FeedSourceOptions { Adapter = "kraken", Params = new() { ["pair"] = "XBTUSD" } },
                ],
                MinSources = 2,
                MaxDeviationBps = 200,
                Targets = [new FeedTargetOptions { Chain = "devnet", Contract = Contract }],
            },
        ],
    };

    private static FeedSourceOptions Coinbase() => new() { Adapter = "coinbase", Params = new() { ["base"] = "BTC", ["quote"] = "USD" } };

    /// <summary>
    /// One row per broken setting: what to change in <see cref="Valid"/> (given a scratch folder), every key
    /// the failures must name (no more, no fewer), and words the message of the first key must contain.
    /// </summary>
    private static readonly Dictionary<string, (Action<RelayerOptions, string> Malleate, string[] Keys, string Says)> Cases = new()
    {
        // ---- Chains ----
        ["no chain"] = ((o, _) => o.Chains.Clear(), ["Relayer:Chains", "Relayer:Feeds:0:Targets:0:Chain"], "no chain configured"),
        ["chain name missing"] = ((o, _) => o.Chains[0].Name = " ", ["Relayer:Chains:0:Name", "Relayer:Feeds:0:Targets:0:Chain"], "missing"),
        ["chain name used twice"] = ((o, _) => o.Chains.Add(new ChainOptions { Name = "devnet", RpcUrl = "http://127.0.0.1:8546", ChainId = 1, PrivateKey = Key }),
            ["Relayer:Chains:1:Name"], "'devnet' is used by two chains"),
        ["kind not evm"] = ((o, _) => o.Chains[0].Kind = "cosmos", ["Relayer:Chains:0:Kind"], "'cosmos' is not supported"),
        ["RpcUrl empty"] = ((o, _) => o.Chains[0].RpcUrl = "", ["Relayer:Chains:0:RpcUrl"], "is not an http(s) URL"),
        ["RpcUrl without scheme"] = ((o, _) => o.Chains[0].RpcUrl = "localhost:8545", ["Relayer:Chains:0:RpcUrl"], "'localhost:8545' is not an http(s) URL"),
        ["RpcUrl websocket"] = ((o, _) => o.Chains[0].RpcUrl = "ws://127.0.0.1:8545", ["Relayer:Chains:0:RpcUrl"], "'ws://127.0.0.1:8545' is not an http(s) URL"),
        ["RpcUrl relative"] = ((o, _) => o.Chains[0].RpcUrl = "/rpc", ["Relayer:Chains:0:RpcUrl"], "is not an http(s) URL"),
        ["ChainId 0"] = ((o, _) => o.Chains[0].ChainId = 0, ["Relayer:Chains:0:ChainId"], "missing or 0"),
        ["PrivateKey and PrivateKeyFile both"] = ((o, d) => o.Chains[0].PrivateKeyFile = KeyFile(d, Key),
            ["Relayer:Chains:0:PrivateKey"], "set exactly one of PrivateKey and PrivateKeyFile"),
        ["PrivateKey and PrivateKeyFile neither"] = ((o, _) => o.Chains[0].PrivateKey = null,
            ["Relayer:Chains:0:PrivateKey"], "set exactly one of PrivateKey and PrivateKeyFile"),
        ["PrivateKey not hex"] = ((o, _) => o.Chains[0].PrivateKey = "0x" + new string('z', 64), ["Relayer:Chains:0:PrivateKey"], "not a 32-byte hex key"),
        ["PrivateKey too short"] = ((o, _) => o.Chains[0].PrivateKey = Key[..^2], ["Relayer:Chains:0:PrivateKey"], "not a 32-byte hex key"),
        ["PrivateKey zero"] = ((o, _) => o.Chains[0].PrivateKey = "0x" + new string('0', 64), ["Relayer:Chains:0:PrivateKey"], "not a 32-byte hex key"),
        ["PrivateKeyFile missing"] = ((o, d) => { o.Chains[0].PrivateKey = null; o.Chains[0].PrivateKeyFile = Path.Combine(d, "absent.key"); },
            ["Relayer:Chains:0:PrivateKeyFile"], "file not found"),
        ["PrivateKeyFile not a key"] = ((o, d) => { o.Chains[0].PrivateKey = null; o.Chains[0].PrivateKeyFile = KeyFile(d, "hello"); },
            ["Relayer:Chains:0:PrivateKeyFile"], "does not hold a 32-byte hex key"),
        ["Confirmations negative"] = ((o, _) => o.Chains[0].Confirmations = -1, ["Relayer:Chains:0:Confirmations"], "-1 is outside 0..64"),
        ["Confirmations too many"] = ((o, _) => o.Chains[0].Confirmations = 65, ["Relayer:Chains:0:Confirmations"], "65 is outside 0..64"),
        ["StuckAfter zero"] = ((o, _) => o.Chains[0].StuckAfter = TimeSpan.Zero, ["Relayer:Chains:0:StuckAfter"], "must be positive"),
        ["MaxReplacements too many"] = ((o, _) => o.Chains[0].MaxReplacements = 21, ["Relayer:Chains:0:MaxReplacements"], "21 is outside 0..20"),
        ["ReceiptTimeout negative"] = ((o, _) => o.Chains[0].ReceiptTimeout = TimeSpan.FromSeconds(-1), ["Relayer:Chains:0:ReceiptTimeout"], "must be positive"),
        ["PollInterval zero"] = ((o, _) => o.Chains[0].PollInterval = TimeSpan.Zero, ["Relayer:Chains:0:PollInterval"], "must be positive"),
        ["RpcTimeout zero"] = ((o, _) => o.Chains[0].RpcTimeout = TimeSpan.Zero, ["Relayer:Chains:0:RpcTimeout"], "must be positive"),

        // ---- Feeds ----
        ["no feed"] = ((o, _) => o.Feeds.Clear(), ["Relayer:Feeds"], "no feed and no request contract configured"),
        ["feed name missing"] = ((o, _) => o.Feeds[0].Name = "", ["Relayer:Feeds:0:Name"], "missing"),
        ["feed name used twice"] = ((o, _) => o.Feeds.Add(Clone(o.Feeds[0])), ["Relayer:Feeds:1:Name"], "'BTC/USD' is used by two feeds"),
        ["Schedule missing"] = ((o, _) => o.Feeds[0].Schedule = "", ["Relayer:Feeds:0:Schedule"], "missing (a Quartz cron expression"),
        ["Schedule not cron"] = ((o, _) => o.Feeds[0].Schedule = "every 5 seconds", ["Relayer:Feeds:0:Schedule"], "'every 5 seconds' is not a valid Quartz cron expression"),
        ["Schedule unix cron without seconds"] = ((o, _) => o.Feeds[0].Schedule = "*/5 * * * *", ["Relayer:Feeds:0:Schedule"], "is not a valid Quartz cron expression"),
        ["Decimals negative"] = ((o, _) => o.Feeds[0].Decimals = -1, ["Relayer:Feeds:0:Decimals"], "-1 is outside 0..36"),
        ["Decimals too many"] = ((o, _) => o.Feeds[0].Decimals = 37, ["Relayer:Feeds:0:Decimals"], "37 is outside 0..36"),
        ["no source"] = ((o, _) => { o.Feeds[0].Sources.Clear(); o.Feeds[0].MinSources = 1; }, ["Relayer:Feeds:0:Sources"], "no source"),
        ["17 sources"] = ((o, _) => { o.Feeds[0].Sources = [.. Enumerable.Range(0, 17).Select(_ => Coinbase())]; },
            ["Relayer:Feeds:0:Sources"], "17 sources; the enclave takes at most 16"),
        ["unknown adapter"] = ((o, _) => o.Feeds[0].Sources[1].Adapter = "bitfinex", ["Relayer:Feeds:0:Sources:1"], "unknown adapter \"bitfinex\""),
        ["adapter param missing"] = ((o, _) => o.Feeds[0].Sources[0].Params.Remove("quote"), ["Relayer:Feeds:0:Sources:0"], "missing param \"quote\""),
        ["adapter param unknown"] = ((o, _) => o.Feeds[0].Sources[1].Params["symbol"] = "XBTUSD", ["Relayer:Feeds:0:Sources:1"], "symbol"),
        ["PortOverride 0"] = ((o, _) => o.Feeds[0].Sources[0].PortOverride = 0, ["Relayer:Feeds:0:Sources:0:PortOverride"], "0 is not a TCP port"),
        ["PortOverride too big"] = ((o, _) => o.Feeds[0].Sources[0].PortOverride = 65536, ["Relayer:Feeds:0:Sources:0:PortOverride"], "65536 is not a TCP port"),
        ["HostOverride not a host"] = ((o, _) => o.Feeds[0].Sources[0].HostOverride = "not a host!", ["Relayer:Feeds:0:Sources:0:HostOverride"], "'not a host!' is not a host name"),
        ["MinSources 0"] = ((o, _) => o.Feeds[0].MinSources = 0, ["Relayer:Feeds:0:MinSources"], "0 is outside 1..2"),
        ["MinSources above the sources"] = ((o, _) => o.Feeds[0].MinSources = 3, ["Relayer:Feeds:0:MinSources"], "3 is outside 1..2 (the number of sources)"),
        ["MaxDeviationBps negative"] = ((o, _) => o.Feeds[0].MaxDeviationBps = -1, ["Relayer:Feeds:0:MaxDeviationBps"], "-1 is outside 0..10000"),
        ["MaxDeviationBps above 100%"] = ((o, _) => o.Feeds[0].MaxDeviationBps = 10001, ["Relayer:Feeds:0:MaxDeviationBps"], "10001 is outside 0..10000"),
        ["no target"] = ((o, _) => o.Feeds[0].Targets.Clear(), ["Relayer:Feeds:0:Targets"], "no target chain"),
        ["9 targets"] = ((o, _) => o.Feeds[0].Targets = [.. Enumerable.Range(0, 9).Select(_ => new FeedTargetOptions { Chain = "devnet", Contract = Contract })],
            ["Relayer:Feeds:0:Targets"], "9 targets; the enclave signs for at most 8"),
        ["target chain unknown"] = ((o, _) => o.Feeds[0].Targets[0].Chain = "mainnet", ["Relayer:Feeds:0:Targets:0:Chain"], "'mainnet' names no chain in Relayer:Chains"),
        ["target contract short"] = ((o, _) => o.Feeds[0].Targets[0].Contract = "0x1234", ["Relayer:Feeds:0:Targets:0:Contract"], "'0x1234' is not a 0x-prefixed 20-byte address"),
        ["target contract without 0x"] = ((o, _) => o.Feeds[0].Targets[0].Contract = Contract[2..], ["Relayer:Feeds:0:Targets:0:Contract"], "is not a 0x-prefixed 20-byte address"),
        ["MaxAttempts 0"] = ((o, _) => o.Feeds[0].MaxAttempts = 0, ["Relayer:Feeds:0:MaxAttempts"], "0 is outside 1..100"),
        ["MaxAttempts too many"] = ((o, _) => o.Feeds[0].MaxAttempts = 101, ["Relayer:Feeds:0:MaxAttempts"], "101 is outside 1..100"),
        ["RetryDelay negative"] = ((o, _) => o.Feeds[0].RetryDelay = TimeSpan.FromSeconds(-1), ["Relayer:Feeds:0:RetryDelay"], "must not be negative"),

        ["Quorum 0"] = ((o, _) => o.Feeds[0].Quorum = 0, ["Relayer:Feeds:0:Quorum"], "0 is outside 1..16"),
        ["Quorum without peers"] = ((o, _) => o.Feeds[0].Quorum = 3, ["Relayer:Feeds:0:Peers"], "quorum 3 needs at least 2 peer enclave host(s), 0 configured"),
        ["feed peer unchecked"] = ((o, _) => o.Feeds[0].Peers.Add(new PeerOptions { Validator = Contract, Endpoint = new Uri("https://127.0.0.1:1") }),
            ["Relayer:Feeds:0:Peers:0"], "set CaCertificatePath or PinnedSha256"),

        // ---- Requests ----
        ["requests chain unknown"] = ((o, _) => o.Requests.Add(Watch(w => w.Chain = "mainnet")), ["Relayer:Requests:0:Chain"], "'mainnet' names no chain in Relayer:Chains"),
        ["requests contract bad"] = ((o, _) => o.Requests.Add(Watch(w => w.Contract = "0x12")), ["Relayer:Requests:0:Contract"], "'0x12' is not a 0x-prefixed 20-byte address"),
        ["requests validator bad"] = ((o, _) => o.Requests.Add(Watch(w => w.Validator = "me")), ["Relayer:Requests:0:Validator"], "'me' is not a 0x-prefixed 20-byte address"),
        ["requests confirmations"] = ((o, _) => o.Requests.Add(Watch(w => w.Confirmations = 65)), ["Relayer:Requests:0:Confirmations"], "65 is outside 0..64"),
        ["requests poll zero"] = ((o, _) => o.Requests.Add(Watch(w => w.PollInterval = TimeSpan.Zero)), ["Relayer:Requests:0:PollInterval"], "must be positive"),
        ["requests range"] = ((o, _) => o.Requests.Add(Watch(w => w.MaxBlockRange = 0)), ["Relayer:Requests:0:MaxBlockRange"], "0 is outside 1..10000"),
        ["requests database missing"] = ((o, _) => o.Requests.Add(Watch(w => w.Database = " ")), ["Relayer:Requests:0:Database"], "missing (a SQLite file path)"),
        ["requests job file missing"] = ((o, d) => o.Requests.Add(Watch(w => w.JobFiles.Add(Path.Combine(d, "nope.json")))), ["Relayer:Requests:0:JobFiles:0"], "file not found"),
        ["requests peer unchecked"] = ((o, _) => o.Requests.Add(Watch(w => w.Peers.Add(new PeerOptions { Validator = Contract, Endpoint = new Uri("https://127.0.0.1:1") }))),
            ["Relayer:Requests:0:Peers:0"], "set CaCertificatePath or PinnedSha256"),
        ["requests peer http"] = ((o, _) => o.Requests.Add(Watch(w => w.Peers.Add(new PeerOptions { Validator = Contract, Endpoint = new Uri("http://127.0.0.1:1"), PinnedSha256 = "ab" }))),
            ["Relayer:Requests:0:Peers:0:Endpoint"], "missing or not an https URL"),
    };

    private static RequestWatchOptions Watch(Action<RequestWatchOptions> change)
    {
        var w = new RequestWatchOptions { Chain = "devnet", Contract = Contract, Validator = Contract, Database = "requests.db" };
        change(w);
        return w;
    }

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void Validate_Succeeds_WhenEverySettingIsValid()
    {
        var result = Validate(Valid());
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_Succeeds_WhenTheKeyIsInAFile()
    {
        var o = Valid();
        o.Chains[0].PrivateKey = null;
        o.Chains[0].PrivateKeyFile = KeyFile(dir, "\n" + Key[2..] + "\n"); // no 0x, surrounding newlines: as a shell would write it
        var result = Validate(o);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_FailsNamingTheSetting_WhenOneSettingIsBroken(string name)
    {
        var (malleate, keys, says) = Cases[name];
        var o = Valid();
        malleate(o, dir);

        var result = Validate(o);

        Assert.True(result.Failed, $"{name}: expected a failure");
        var failures = result.Failures!.ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), failures.Select(KeyOf).Order(StringComparer.Ordinal));
        var first = failures.First(f => KeyOf(f) == keys[0]);
        Assert.Contains(says, first, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryFailureAtOnce_WhenSeveralSettingsAreBroken()
    {
        var o = Valid();
        o.Chains[0].RpcUrl = "nowhere";
        o.Chains[0].ChainId = 0;
        o.Chains[0].PrivateKey = "0x1234";
        o.Feeds[0].Schedule = "*/5 * * * *";
        o.Feeds[0].Sources[1].Adapter = "bitfinex";
        o.Feeds[0].MaxDeviationBps = -5;
        o.Feeds[0].Targets[0].Contract = "0xnope";
        o.Feeds[0].MaxAttempts = 0;

        var result = Validate(o);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Relayer:Chains:0:ChainId", "Relayer:Chains:0:PrivateKey", "Relayer:Chains:0:RpcUrl",
                "Relayer:Feeds:0:MaxAttempts", "Relayer:Feeds:0:MaxDeviationBps", "Relayer:Feeds:0:Schedule",
                "Relayer:Feeds:0:Sources:1", "Relayer:Feeds:0:Targets:0:Contract",
            ],
            result.Failures!.Select(KeyOf).Order(StringComparer.Ordinal));
        // The one message lists them all, so a log line or the CLI shows every problem in one go.
        foreach (var f in result.Failures!) Assert.Contains(f, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheIndexOfTheBrokenEntry_WhenTheSecondChainAndFeedAreBroken()
    {
        var o = Valid();
        o.Chains.Add(new ChainOptions { Name = "sepolia", RpcUrl = "https://rpc.example", ChainId = 11155111, PrivateKey = Key, Confirmations = 99 });
        var second = Clone(o.Feeds[0]);
        second.Name = "ETH/USD";
        second.Targets = [new FeedTargetOptions { Chain = "sepolia", Contract = Contract }, new FeedTargetOptions { Chain = "base", Contract = Contract }];
        o.Feeds.Add(second);

        var result = Validate(o);

        Assert.Equal(["Relayer:Chains:1:Confirmations", "Relayer:Feeds:1:Targets:1:Chain"], result.Failures!.Select(KeyOf).Order(StringComparer.Ordinal));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(RelayerOptions o) =>
        new RelayerOptionsValidator(SourceCatalog.CreateDefault()).Validate(null, o);

    /// <summary>The setting a failure names: the text before its first ": ".</summary>
    private static string KeyOf(string failure)
    {
        int i = failure.IndexOf(": ", StringComparison.Ordinal);
        Assert.True(i > 0, $"failure does not start with a key: {failure}");
        return failure[..i];
    }

    private static string KeyFile(string dir, string content)
    {
        string path = Path.Combine(dir, $"{Guid.NewGuid():N}.key");
        File.WriteAllText(path, content);
        return path;
    }

    private static FeedOptions Clone(FeedOptions f) => new()
    {
        Name = f.Name, Schedule = f.Schedule, Decimals = f.Decimals, MinSources = f.MinSources, MaxDeviationBps = f.MaxDeviationBps,
        MaxAttempts = f.MaxAttempts, RetryDelay = f.RetryDelay,
        Sources = [.. f.Sources.Select(s => new FeedSourceOptions { Adapter = s.Adapter, Params = new(s.Params), HostOverride = s.HostOverride, PortOverride = s.PortOverride })],
        Targets = [.. f.Targets.Select(t => new FeedTargetOptions { Chain = t.Chain, Contract = t.Contract })],
    };
}
