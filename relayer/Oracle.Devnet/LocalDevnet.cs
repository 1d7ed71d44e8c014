using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oracle.Attestation;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer;
using Oracle.Relayer.Attestation;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Oracle.Sources;
using Oracle.Sources.DevExchange;

namespace Oracle.Devnet;

/// <summary>A validator added to the devnet with its own enclave host.</summary>
public sealed record ExtraValidator(string Name, EthAddress Validator, ChildProcess Host, Uri Endpoint, EnclaveClient Client, EthAddress Signer);

/// <summary>
/// Everything of <c>./oracle devnet</c> on this machine: anvil, a local HTTPS exchange per source
/// template (certificates from the enclave build's development CA, prices that move), the enclave
/// host (sim backend) as a child process, the registry and feed contracts deployed and the enclave
/// registered. <see cref="BuildRelayer"/> then makes the relayer that runs the rounds.
/// </summary>
public sealed class LocalDevnet : IAsyncDisposable
{
    /// <summary>The devnet feed's sources: one per catalog template, all quoting BTC in US dollars.</summary>
    public static readonly IReadOnlyList<SourceRequest> Sources =
    [
        new("coinbase", new Dictionary<string, string> { ["base"] = "BTC", ["quote"] = "USD" }),
        new("kraken", new Dictionary<string, string> { ["pair"] = "XBTUSD" }),
        new("binance", new Dictionary<string, string> { ["symbol"] = "BTCUSDT" }),
        new("bitstamp", new Dictionary<string, string> { ["pair"] = "btcusd" }),
        new("coingecko", new Dictionary<string, string> { ["id"] = "bitcoin", ["vs"] = "usd" }),
    ];

    /// <summary>The feed's name and decimals.</summary>
    public const string FeedName = "BTC/USD";

    /// <summary>Decimals of the on-chain answer.</summary>
    public const int Decimals = 8;

    /// <summary>TCB status written for a simulated enclave: not a real TCB level.</summary>
    public const byte TcbStatusSimulated = 255;

    private readonly List<IAsyncDisposable> owned = [];

    private LocalDevnet(DevnetOptions options, RepoPaths paths)
    {
        Options = options;
        Paths = paths;
    }

    /// <summary>The attestation verifiers the registry trusts (keys made for this run, saved as verifier-N.key in the work folder).</summary>
    public IReadOnlyList<EnclaveAttestor> Verifiers { get; private set; } = [];

    /// <summary>Registers and renews the enclave through the verifiers.</summary>
    public EnclaveRegistrar Registrar { get; private set; } = null!;

    /// <summary>The registration made at start.</summary>
    public Registration Registration { get; private set; } = null!;

    /// <summary>The sim build's enclave MRSIGNER (sha256 of its label in sim/platform_sim.c): the devnet policy's signer rule.</summary>
    public static byte[] SimMrSigner => System.Security.Cryptography.SHA256.HashData("AttestedOracle/sim/MRSIGNER"u8);

    /// <summary>The options it runs with.</summary>
    public DevnetOptions Options { get; }

    /// <summary>Where the build outputs are.</summary>
    public RepoPaths Paths { get; }

    /// <summary>The chain.</summary>
    public AnvilNode Anvil { get; private set; } = null!;

    /// <summary>The local exchanges, in <see cref="Sources"/> order, when they run in this process (else empty).</summary>
    public IReadOnlyList<DevExchangeServer> Exchanges { get; private set; } = [];

    /// <summary>Where each exchange listens, in <see cref="Sources"/> order.</summary>
    public IReadOnlyList<ExchangeEndpoint> ExchangeEndpoints { get; private set; } = [];

    /// <summary>The enclave host's gRPC endpoint.</summary>
    public Uri EnclaveEndpoint { get; private set; } = null!;

    /// <summary>The enclave host process.</summary>
    public ChildProcess EnclaveHost { get; private set; } = null!;

    /// <summary>The enclave's identity.</summary>
    public EnclaveIdentity Identity { get; private set; } = null!;

    /// <summary>A client of the enclave host (trusting the devnet CA).</summary>
    public EnclaveClient Enclave { get; private set; } = null!;

    /// <summary>The JSON-RPC client of the chain.</summary>
    public EthJsonRpcClient Rpc { get; private set; } = null!;

    /// <summary>Deploys the contracts and owns the registry.</summary>
    public EthKey Owner { get; private set; } = null!;

    /// <summary>Pays for the relayer's submissions.</summary>
    public EthKey RelayerKey { get; private set; } = null!;

    /// <summary>
    /// The hub: registry and every feed in one contract (OracleHub). Reports are signed for it
    /// (EIP-712 verifying contract) and submitted to it.
    /// </summary>
    public EthAddress Hub { get; private set; }

    /// <summary>The feed's AggregatorV3Interface adapter (OracleHubFeed), what consumers read.</summary>
    public EthAddress FeedAdapter { get; private set; }

    /// <summary>The feed's job spec, as the enclave hashes it.</summary>
    public JsonObject Job { get; private set; } = null!;

    /// <summary>keccak256 of the job's canonical JSON.</summary>
    public byte[] FeedId { get; private set; } = [];

    /// <summary>The devnet CA (certificate with key) that signed the exchanges' and the host's certificates.</summary>
    public X509Certificate2 DevCa { get; private set; } = null!;

    /// <summary>Starts everything; <paramref name="progress"/> hears each step.</summary>
    public static async Task<LocalDevnet> StartAsync(DevnetOptions options, RepoPaths paths, Action<string> progress, CancellationToken ct)
    {
        var d = new LocalDevnet(options, paths);
        try
        {
            await d.StartCoreAsync(progress, ct);
            return d;
        }
        catch
        {
            await d.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(Action<string> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Options.WorkDir);
        foreach (var (what, path) in new[] { ("enclave host library", Paths.EnclaveLibrary), ("devnet CA", Paths.DevCa.Cert), ("enclave host", Paths.EnclaveHostDll),
                     ("hub contract", ContractArtifact.PathOf(Paths, "OracleHub")) })
            if (!File.Exists(path)) throw new FileNotFoundException($"devnet: {what} not found at {path}; run ./oracle devnet (it builds what is missing)");

        DevCa = X509Certificate2.CreateFromPemFile(Paths.DevCa.Cert, Paths.DevCa.Key);

        // 1. One HTTPS exchange per source template, with a certificate from the devnet CA for the real API host:
        //    in this process (tests read what they served), or in a child process so that the relayer's
        //    CPU time per round counts the relayer alone.
        var catalog = SourceCatalog.CreateDefault();
        if (Options.ExchangesProcess is { Count: > 0 } cmd)
        {
            var child = ChildProcess.Start(cmd[0], cmd.Skip(1), Path.Combine(Options.WorkDir, "exchanges.log"), workDir: Options.WorkDir);
            owned.Add(child);
            await child.WaitForLineAsync("^exchanges ready", TimeSpan.FromSeconds(60), "the exchanges process", ct);
            ExchangeEndpoints = System.Text.RegularExpressions.Regex.Matches(child.RecentOutput, @"^exchange (\S+) https://([^:]+):(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Select(m => new ExchangeEndpoint(m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        }
        else
        {
            var servers = await DevExchanges.StartAsync(DevCa, catalog, Sources.Select(x => x.Adapter), ct);
            owned.AddRange(servers);
            Exchanges = servers;
            ExchangeEndpoints = servers.Select(x => new ExchangeEndpoint(x.Exchange, x.Host, x.Port)).ToList();
        }
        if (ExchangeEndpoints.Count != Sources.Count)
            throw new InvalidOperationException($"devnet: expected {Sources.Count} exchanges, got {ExchangeEndpoints.Count}");
        foreach (var e in ExchangeEndpoints)
            progress($"exchange  {e.Adapter,-10} https://{e.Host}:{e.Port} (127.0.0.1, certificate from the devnet CA{(Exchanges.Count == 0 ? ", own process" : "")})");
        var exchanges = ExchangeEndpoints;

        // 2. The chain.
        Anvil = await AnvilNode.StartAsync(Paths.Anvil, Options.WorkDir, Options.BlockTime, ct: ct);
        owned.Add(Anvil);
        progress($"anvil     {Anvil.RpcUrl} (chain id 31337, {(Options.BlockTime is { } bt ? $"a block every {bt.TotalSeconds:0.#} s" : "a block per transaction")}; log {Anvil.LogPath})");
        Rpc = new EthJsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(15) }, Anvil.RpcUrl, new RevertDecoder(FeedContractAbi.Errors));
        Owner = EthKey.FromPrivateKey(Hex.Decode(Anvil.DevKeys[0]));
        RelayerKey = EthKey.FromPrivateKey(Hex.Decode(Anvil.DevKeys[1]));

        // 3. The enclave host (sim backend), resolving each exchange's host name to its local port.
        (EnclaveHost, EnclaveEndpoint) = await StartEnclaveHostAsync("enclave", ct);
        Enclave = new EnclaveClient(new EnclaveClientOptions { Endpoint = EnclaveEndpoint, CaCertificatePath = Paths.DevCa.Cert });
        Identity = await Enclave.IdentityAsync(default, ct);
        progress($"enclave   {EnclaveEndpoint} signer {Identity.Signer}, backend {Identity.Backend}{(Identity.Simulated ? " [SIMULATED: protects nothing]" : "")}");

        // 4. Contracts: the hub (registry + feeds), the enclave registered in it, and the feed.
        var builder = new JobSpecBuilder(catalog);
        Job = builder.Build(new FeedSpec(FeedName, Decimals, Sources, Aggregation.Median(3, 200)),
            req => new SourceEndpointOverride(null, exchanges[IndexOf(req)].Port));
        FeedId = Oracle.Sources.FeedId.Compute(Job);
        var deployer = new ContractDeployer(Rpc, Owner, Paths);
        Hub = await deployer.DeployAsync("OracleHub", [], ct);
        progress($"contract  OracleHub {Hub} (registry and feeds; reports are signed for it)");
        // The registry gate: verifiers with keys made for this run; m of n must sign an entry.
        var (count, threshold) = Options.Verifiers;
        var keys = Enumerable.Range(1, count).Select(_ => EthKey.Generate()).ToList();
        for (int i = 0; i < keys.Count; i++)
        {
            string verifierKeyPath = Path.Combine(Options.WorkDir, $"verifier-{i + 1}.key");
            await File.WriteAllTextAsync(verifierKeyPath, Hex.Encode(keys[i].ExportPrivateKey()) + "\n", ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(verifierKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await deployer.CallAsync(Hub, "setVerifiers(address[],uint256)", [keys.Select(k => (object?)k.Address).ToArray(), (BigInteger)threshold], ct);
        Verifiers = keys.Select(k => SimulationVerifier(Paths, k, Options.EntryLifetime)).ToList();
        Registrar = new EnclaveRegistrar(Verifiers, Enclave, Rpc, Owner, Hub, 31337, Owner.Address, 1, NullLogger.Instance);
        progress($"registry  {count} attestation verifiers, {threshold} of {count} must sign an entry (keys: {Options.WorkDir}/verifier-N.key)");
        Registration = await Registrar.RegisterAsync(ct);
        progress($"registry  validator {Owner.Address} -> enclave signer {Registration.Entry.Signer}, verified by {string.Join(", ", Registration.Signatures.Select(s => s.Verifier.ToString()[..10] + "…"))}; " +
                 $"SIMULATED evidence (DCAP quote under the sim build's root), TCB status {Registration.Entry.TcbStatus}, expires at {Registration.Entry.ExpiresAt} " +
                 "(the relayer renews it with fresh evidence before it lapses)");
        await deployer.CallAsync(Hub, "createFeed(bytes32,uint8,string,uint16)",
            [FeedId, (BigInteger)Decimals, $"{FeedName} (attested, {(Identity.Simulated ? "SIMULATED enclave" : "SGX")})", (BigInteger)Options.HistoryLength], ct);
        var adapter = await Rpc.CallAsync(new CallRequest { To = Hub, Data = Abi.EncodeCall("feedAdapter(bytes32)", FeedId) }, BlockTag.Latest, ct);
        FeedAdapter = (EthAddress)Abi.Decode("address", adapter)[0]!;
        progress($"feed      {FeedName} feed id {Hex.Encode(FeedId)}, AggregatorV3Interface at {FeedAdapter}, history {Options.HistoryLength} round(s)");

        // 5. On-demand requests: OracleRequests electing from the hub's registry, and an example requester.
        RequestSpec = Jcs.CanonicalizeToString(Job, integersOnly: true);
        Requests = await deployer.DeployAsync("OracleRequests", [Hub, (BigInteger)Options.WindowBlocks], ct);
        Requester = await deployer.DeployAsync("ExampleRequester", [Requests], ct);
        progress($"requests  OracleRequests {Requests} (window {Options.WindowBlocks} block(s)), ExampleRequester {Requester}; spec hash {Hex.Encode(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(RequestSpec)))}");
    }

    /// <summary>The OracleRequests contract (elects from <see cref="Hub"/>'s registry).</summary>
    public EthAddress Requests { get; private set; }

    /// <summary>An ExampleRequester bound to <see cref="Requests"/>.</summary>
    public EthAddress Requester { get; private set; }

    /// <summary>The feed's job as canonical JSON: what a request carries inline (its keccak256 is the feed id).</summary>
    public string RequestSpec { get; private set; } = "";

    /// <summary>
    /// A devnet attestation verifier: trusts only the sim build's SIMULATED root (never Intel's
    /// here), reads the sim collateral, and accepts simulation and the sim enclave's MRSIGNER.
    /// </summary>
    public static EnclaveAttestor SimulationVerifier(RepoPaths paths, EthKey key, TimeSpan entryLifetime)
    {
        var collateral = Collateral.FromJson(File.ReadAllBytes(Path.Combine(paths.SimAttestation, "collateral.json")));
        var options = AttestationOptions.From(new ConfigurationBuilder().AddInMemoryCollection(SimulationSettings(paths)).Build());
        return new EnclaveAttestor(key, options.ToVerifier(), (_, _) => Task.FromResult(collateral), options.ToPolicy(), entryLifetime);
    }

    /// <summary>
    /// Starts an enclave host (sim backend) as a child process with its own sealed key
    /// (<c>{name}.sealed</c>) and log (<c>{name}-host.log</c>) in the work folder, resolving each exchange's
    /// host name to its local port. Its certificate, from the devnet CA, names 127.0.0.1.
    /// </summary>
    public async Task<(ChildProcess Process, Uri Endpoint)> StartEnclaveHostAsync(string name, CancellationToken ct)
    {
        var hostCert = DevCertificates.IssueLeaf(DevCa, "127.0.0.1");
        string certPath = Path.Combine(Options.WorkDir, $"{name}-host.pem"), keyPath = Path.Combine(Options.WorkDir, $"{name}-host.key");
        await File.WriteAllTextAsync(certPath, hostCert.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(keyPath, ExportKeyPem(hostCert), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var args = new List<string>
        {
            Paths.EnclaveHostDll,
            $"--EnclaveHost:LibraryPath={Paths.EnclaveLibrary}",
            $"--EnclaveHost:SealedKeyPath={Path.Combine(Options.WorkDir, $"{name}.sealed")}",
            "--EnclaveHost:Listen:Address=127.0.0.1",
            "--EnclaveHost:Listen:Port=0",
            $"--EnclaveHost:Tls:CertificatePath={certPath}",
            $"--EnclaveHost:Tls:KeyPath={keyPath}",
        };
        for (int i = 0; i < ExchangeEndpoints.Count; i++)
            args.Add($"--EnclaveHost:Resolve:{i}={ExchangeEndpoints[i].Host}:{ExchangeEndpoints[i].Port}:127.0.0.1");
        // Started in the work folder, so that no appsettings.json of the caller's folder is read.
        var host = ChildProcess.Start("dotnet", args, Path.Combine(Options.WorkDir, $"{name}-host.log"), workDir: Options.WorkDir);
        owned.Add(host);
        var m = await host.WaitForLineAsync(@"enclave-host listening on (https://\S+)", TimeSpan.FromSeconds(60), $"the enclave host {name}", ct);
        return (host, new Uri(m.Groups[1].Value));
    }

    /// <summary>
    /// Adds a validator with its own enclave host (sim backend): starts the host, and registers its
    /// enclave for a new validator address through the verifiers. Three-validator tests use it.
    /// </summary>
    /// <returns>The validator's address, its host process and endpoint, a client, and its enclave signer.</returns>
    public async Task<ExtraValidator> AddValidatorAsync(string name, ulong power, CancellationToken ct)
    {
        var (process, endpoint) = await StartEnclaveHostAsync(name, ct);
        var client = new EnclaveClient(new EnclaveClientOptions { Endpoint = endpoint, CaCertificatePath = Paths.DevCa.Cert });
        var validator = EthKey.Generate().Address;
        var registrar = new EnclaveRegistrar(Verifiers, client, Rpc, Owner, Hub, 31337, validator, power, NullLogger.Instance);
        var registration = await registrar.RegisterAsync(ct);
        return new ExtraValidator(name, validator, process, endpoint, client, registration.Entry.Signer);
    }

    /// <summary>The devnet verifiers' <c>Attestation</c> settings: simulation allowed under the sim build's root, the sim enclave's MRSIGNER.</summary>
    public static Dictionary<string, string?> SimulationSettings(RepoPaths paths) => new()
    {
        ["Attestation:AllowSimulation"] = "true",
        ["Attestation:SimulationRootSha256"] = File.ReadAllText(Path.Combine(paths.SimAttestation, "root.sha256")).Trim(),
        ["Attestation:Signers:0:MrSigner"] = Convert.ToHexStringLower(SimMrSigner),
        ["Attestation:Signers:0:IsvProdId"] = "1",
        ["Attestation:Signers:0:MinIsvSvn"] = "1",
    };

    private static int IndexOf(SourceRequest req)
    {
        for (int i = 0; i < Sources.Count; i++) if (ReferenceEquals(Sources[i].Params, req.Params)) return i;
        throw new ArgumentException($"not a devnet source: {req.Adapter}");
    }

    private static string ExportKeyPem(X509Certificate2 cert)
    {
        using var ec = cert.GetECDsaPrivateKey();
        if (ec is not null) return ec.ExportPkcs8PrivateKeyPem();
        using var rsa = cert.GetRSAPrivateKey() ?? throw new InvalidOperationException("certificate has no private key");
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The relayer's configuration for this devnet, as flat keys.</summary>
    public Dictionary<string, string?> RelayerConfiguration()
    {
        var c = new Dictionary<string, string?>
        {
            ["EnclaveClient:Endpoint"] = EnclaveEndpoint.ToString(),
            ["EnclaveClient:CaCertificatePath"] = Paths.DevCa.Cert,
            ["Relayer:Chains:0:Name"] = "devnet",
            ["Relayer:Chains:0:Kind"] = "evm",
            ["Relayer:Chains:0:RpcUrl"] = Anvil.RpcUrl.ToString(),
            ["Relayer:Chains:0:ChainId"] = "31337",
            ["Relayer:Chains:0:PrivateKey"] = Hex.Encode(RelayerKey.ExportPrivateKey()),
            ["Relayer:Chains:0:Confirmations"] = Options.BlockTime is null ? "0" : "1",
            ["Relayer:Chains:0:StuckAfter"] = "00:00:20",
            ["Relayer:Feeds:0:Name"] = FeedName,
            ["Relayer:Feeds:0:Schedule"] = Options.CronSchedule(),
            ["Relayer:Feeds:0:Decimals"] = Decimals.ToString(),
            ["Relayer:Feeds:0:MinSources"] = "3",
            ["Relayer:Feeds:0:MaxDeviationBps"] = "200",
            ["Relayer:Feeds:0:MaxAttempts"] = Options.MaxAttempts.ToString(),
            ["Relayer:Feeds:0:RetryDelay"] = Options.RetryDelay.ToString(),
            ["Relayer:Feeds:0:Targets:0:Chain"] = "devnet",
            ["Relayer:Feeds:0:Targets:0:Contract"] = Hub.ToString(),
        };
        if (RequestSpec.Length > 0)
        {
            c["Relayer:Requests:0:Chain"] = "devnet";
            c["Relayer:Requests:0:Contract"] = Requests.ToString();
            c["Relayer:Requests:0:Validator"] = Owner.Address.ToString();
            c["Relayer:Requests:0:Database"] = Path.Combine(Options.WorkDir, "relayer-requests.db");
            c["Relayer:Requests:0:Confirmations"] = "0";
            c["Relayer:Requests:0:PollInterval"] = "00:00:00.250";
        }
        for (int i = 0; i < Sources.Count; i++)
        {
            c[$"Relayer:Feeds:0:Sources:{i}:Adapter"] = Sources[i].Adapter;
            foreach (var (k, v) in Sources[i].Params) c[$"Relayer:Feeds:0:Sources:{i}:Params:{k}"] = v;
            c[$"Relayer:Feeds:0:Sources:{i}:PortOverride"] = ExchangeEndpoints[i].Port.ToString();
        }
        return c;
    }

    /// <summary>Applies overrides; a key with a null value removes that key and every key under it
    /// (e.g. <c>["Relayer:Feeds"] = null</c>: a relayer of requests only).</summary>
    private static void Override(Dictionary<string, string?> config, IDictionary<string, string?>? overrides)
    {
        if (overrides is null) return;
        foreach (var (k, v) in overrides)
        {
            if (v is null)
                foreach (var key in config.Keys.Where(x => x == k || x.StartsWith(k + ":", StringComparison.Ordinal)).ToList()) config.Remove(key);
            else
                config[k] = v;
        }
    }

    /// <summary>
    /// Writes <see cref="RelayerConfiguration"/> as an appsettings-style JSON file, for
    /// <c>./oracle relayer --config FILE</c> against this devnet. It holds the relayer's anvil
    /// development key (a public test key), so it lives in the work folder only.
    /// </summary>
    public void WriteRelayerConfig(string path, IDictionary<string, string?>? overrides = null)
    {
        var flat = RelayerConfiguration();
        Override(flat, overrides);
        var root = new JsonObject();
        foreach (var (key, value) in flat.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var parts = key.Split(':');
            JsonNode node = root;
            for (int i = 0; i < parts.Length; i++)
            {
                bool last = i == parts.Length - 1;
                bool nextIsIndex = !last && int.TryParse(parts[i + 1], out _);
                if (node is JsonObject o)
                {
                    if (last) { o[parts[i]] = value; break; }
                    node = o[parts[i]] ??= nextIsIndex ? new JsonArray() : new JsonObject();
                }
                else
                {
                    var a = (JsonArray)node;
                    int index = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
                    while (a.Count <= index) a.Add(nextIsIndex ? new JsonArray() : new JsonObject());
                    if (last) { a[index] = value; break; }
                    node = a[index]!;
                }
            }
        }
        File.WriteAllText(path, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>A relayer host for this devnet (not started), reporting rounds to <paramref name="observer"/>.</summary>
    /// <remarks>With <paramref name="maxRounds"/> above 0, no round starts after that many succeeded. With
    /// <paramref name="renewEntry"/>, an <see cref="EnclaveRenewalService"/> keeps the enclave's registry entry alive
    /// (<c>./oracle devnet</c> runs with it; tests that change the entry themselves run without).</remarks>
    public IHost BuildRelayer(IRoundObserver observer, Action<ILoggingBuilder>? logging = null, IDictionary<string, string?>? overrides = null, int maxRounds = 0, bool renewEntry = false)
    {
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Options.WorkDir });
        var config = RelayerConfiguration();
        Override(config, overrides);
        b.Configuration.AddInMemoryCollection(config);
        b.Logging.ClearProviders();
        logging?.Invoke(b.Logging);
        b.Services.AddSingleton(observer);
        b.Services.AddSingleton(new RoundLimit(maxRounds));
        b.AddRelayer();
        if (!renewEntry)
        {
            return b.Build();
        }
        // The enclave's registry entry is renewed with fresh evidence a day (at most half its
        // lifetime) before it lapses.
        var renewBefore = Options.EntryLifetime / 2 < TimeSpan.FromDays(1) ? Options.EntryLifetime / 2 : TimeSpan.FromDays(1);
        b.Services.AddSingleton(new EnclaveRenewalOptions { RenewBefore = renewBefore, CheckInterval = TimeSpan.FromMinutes(1) });
        b.Services.AddHostedService(sp => new EnclaveRenewalService(Registrar, EthAddress.Parse(Identity.Signer),
            sp.GetRequiredService<EnclaveRenewalOptions>(), sp.GetRequiredService<ILogger<EnclaveRenewalService>>()));
        return b.Build();
    }

    /// <summary>Stops everything it started, newest first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (int i = owned.Count - 1; i >= 0; i--)
        {
            try { await owned[i].DisposeAsync(); }
            catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException) { /* already stopped */ }
        }
        owned.Clear();
        DevCa?.Dispose();
    }
}
