using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oracle.Devnet;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Options;
using Oracle.Sources;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The relayer against the devnet when something around it is broken (issue: "Bad input"): an unreachable
/// RPC endpoint, an enclave host that is down, a chain that reverts, an enclave answer that was tampered
/// with. Each round attempt fails with a message naming what failed, the relayer keeps running, and no
/// transaction leaves the relayer's account (its nonce does not move).
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class DevnetBadInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly DevnetFixture fx;
    private readonly ITestOutputHelper output;

    public DevnetBadInputTests(DevnetFixture fx, ITestOutputHelper output)
    {
        this.fx = fx;
        this.output = output;
    }

    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task Relayer_NamesTheUrlAndKeepsRunning_WhenTheRpcEndpointIsUnreachable()
    {
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}/";
        ulong nonce = await NonceAsync();

        var run = await RunRelayerAsync("rpc-down", new() { ["Relayer:Chains:0:RpcUrl"] = url });

        var first = run.Outcomes[0];
        Assert.False(first.Ok);
        Assert.Contains($"127.0.0.1:{port}", first.Error);
        Assert.Contains("unreachable", first.Error);
        Assert.Contains("devnet", first.Error); // the chain's configured name
        // The relayer went on: the round was attempted again after the failure.
        Assert.True(run.Outcomes.Count >= 2);
        Assert.All(run.Outcomes, o => Assert.False(o.Ok));
        // The start-up check said it too, before any round.
        Assert.Contains(run.Alerts, l => l.Contains("chain devnet", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Equal(nonce, await NonceAsync());
    }

    [Fact]
    public async Task Relayer_NamesTheEnclaveHostAndKeepsRunning_WhenTheEnclaveHostIsDown()
    {
        int port = FreePort();
        string endpoint = $"https://127.0.0.1:{port}/";
        ulong nonce = await NonceAsync();

        var run = await RunRelayerAsync("enclave-down", new() { ["EnclaveClient:Endpoint"] = endpoint });

        var first = run.Outcomes[0];
        Assert.False(first.Ok);
        Assert.Contains(endpoint, first.Error);
        Assert.Contains("unavailable", first.Error);
        Assert.Null(first.Value); // nothing was signed, so nothing could be sent
        Assert.True(run.Outcomes.Count >= 2);
        Assert.All(run.Outcomes, o => Assert.False(o.Ok));
        Assert.Contains(run.Alerts, l => l.Contains("enclave host", StringComparison.Ordinal) && l.Contains(endpoint, StringComparison.Ordinal));
        Assert.Equal(nonce, await NonceAsync());
    }

    [Fact]
    public async Task Relayer_ReportsTheRevertReasonAndSendsNothing_WhenTheHubNoLongerAcceptsTheEnclave()
    {
        var owner = new ContractDeployer(D.Rpc, D.Owner, D.Paths);
        var registered = await ValidatorEntryAsync(D.Owner.Address);
        Assert.Equal(EthAddress.Parse(D.Identity.Signer), registered.Signer);
        ulong nonce = await NonceAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await owner.CallAsync(D.Hub, "removeValidator(address)", [D.Owner.Address], cts.Token);
        try
        {
            var run = await RunRelayerAsync("reverts", []);

            var first = run.Outcomes[0];
            Assert.False(first.Ok);
            // The enclave signed (the report verified locally), the chain refused it: its reason is in the error.
            Assert.NotNull(first.Value);
            Assert.Contains("submit reverted", first.Error);
            Assert.Contains("SignerNotRegistered", first.Error);
            Assert.Contains(D.Identity.Signer, first.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(D.Hub.ToString(), first.Error, StringComparison.OrdinalIgnoreCase);
            Assert.True(run.Outcomes.Count >= 2);
            Assert.All(run.Outcomes, o => Assert.Contains("SignerNotRegistered", o.Error));
            // A revert is not retried within the round (it would revert again): every outcome is a
            // first attempt, of the next scheduled round.
            Assert.All(run.Outcomes, o => Assert.False(o.Retryable));
            Assert.All(run.Outcomes, o => Assert.Equal(1, o.Attempt));
            // The submission was simulated first and never sent.
            Assert.Equal(nonce, await NonceAsync());
        }
        finally
        {
            // Put the enclave back for the other tests of the collection: through the registry gate
            // (the owner may not write entries once verifiers are set), with fresh evidence.
            using var restore = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await D.Registrar.RegisterAsync(restore.Token);
        }
        var back = await ValidatorEntryAsync(D.Owner.Address);
        Assert.Equal(registered.Signer, back.Signer);
        Assert.Equal(registered.Power, back.Power);
        Assert.Equal(registered.Measurement, back.Measurement);
    }

    /// <summary>
    /// Rows: a way of tampering with the enclave's answer between the enclave host and the relayer (the
    /// host is outside the enclave; a compromised host can do any of these), and what the error must say.
    /// </summary>
    public static TheoryData<string, string> Tamperings => new()
    {
        { "value changed after signing", "not to the enclave's key" },
        { "signed by another key", "not to the enclave's key" },
        { "signed for another chain id", "not to the enclave's key" },
        { "signed for another contract", "not to the enclave's key" },
        { "result of another feed", "this feed's job hashes to" },
        { "proof of another feed", "the proof's feed id is not this feed's" },
        { "no report", "the enclave returned no report for this target" },
        { "proof cut short", "the enclave's proof does not decode" },
        { "second signature added", "the proof carries 2 signatures, expected 1" },
        { "signature zeroed", "the proof's signature does not recover" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task RunAttempt_SubmitsNothing_WhenTheEnclaveAnswerIsTamperedWith(string tampering, string says)
    {
        var (runner, feed) = Runner(new TamperingEnclave(D.Enclave, (real, request, ct) => TamperAsync(tampering, real, request, ct)));
        ulong nonce = await NonceAsync();
        using var cts = new CancellationTokenSource(Bound);

        var outcome = await runner.RunAttemptAsync(feed, 1, cts.Token);

        output.WriteLine($"{tampering}: {outcome.Error}");
        Assert.False(outcome.Ok, tampering);
        Assert.Contains(says, outcome.Error);
        Assert.All(outcome.Targets, t => Assert.Null(t.Submission));
        Assert.Equal(nonce, await NonceAsync());
    }

    [Fact]
    public async Task RunAttempt_Submits_WhenTheEnclaveAnswerIsPassedOnUnchanged()
    {
        // The control of the rows above: the same runner and feed with an honest pass-through do submit,
        // so each of them failed for its tampering alone.
        var (runner, feed) = Runner(new TamperingEnclave(D.Enclave, (real, request, ct) => real.ExecuteAsync(request, ct)));
        Assert.Equal(D.FeedId, feed.FeedId);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a newer observedAt (1 s resolution) than any earlier round
        ulong nonce = await NonceAsync();
        using var cts = new CancellationTokenSource(Bound);

        var outcome = await runner.RunAttemptAsync(feed, 1, cts.Token);

        Assert.True(outcome.Ok, outcome.Error);
        var sub = Assert.Single(outcome.Targets).Submission;
        Assert.NotNull(sub);
        Assert.Equal(D.Identity.Signer, sub.Signer, ignoreCase: true);
        Assert.Equal(nonce + 1, await NonceAsync());
    }

    // ---- tampering ----

    private async Task<ExecuteResult> TamperAsync(string tampering, IEnclaveClient real, JsonObject request, CancellationToken ct)
    {
        switch (tampering)
        {
            case "signed for another chain id":
            {
                var r = await real.ExecuteAsync(WithTarget(request, "1", null), ct);
                return r with { Reports = [.. r.Reports.Select(x => x with { ChainId = 31337 })] };
            }
            case "signed for another contract":
            {
                string elsewhere = "0x000000000000000000000000000000000000dEaD";
                var r = await real.ExecuteAsync(WithTarget(request, null, elsewhere), ct);
                return r with { Reports = [.. r.Reports.Select(x => x with { VerifyingContract = D.Hub.ToString() })] };
            }
            case "result of another feed":
                return await real.ExecuteAsync(OtherFeed(request), ct);
            case "proof of another feed":
            {
                var mine = await real.ExecuteAsync(request, ct);
                var other = await real.ExecuteAsync(OtherFeed(request), ct);
                Assert.True(other.Ok, other.RawJson);
                return mine with { Reports = [mine.Reports[0] with { Proof = other.Reports[0].Proof, Signature = other.Reports[0].Signature }] };
            }
        }

        var result = await real.ExecuteAsync(request, ct);
        Assert.True(result.Ok, result.RawJson);
        var report = result.Reports.Single();
        byte[] proof = (byte[])report.Proof.Clone();
        switch (tampering)
        {
            case "value changed after signing":
                proof[1 + 32 + 32 + 8 + 31] ^= 0x01; // the last byte of the int256 value
                break;
            case "signed by another key":
            {
                using var stranger = EthKey.Generate();
                var p = CompactProof.Decode(proof);
                byte[] digest = Eip712.ReportDigest(31337, D.Hub, p.FeedId, p.RequestId, p.Round, p.Value, p.Data, p.ObservedAt, p.SourcesHash);
                byte[] sig = stranger.Sign(digest).ToBytes65();
                return result with { Reports = [report with { Proof = [.. proof[..^65], .. sig], Signature = sig }] };
            }
            case "no report":
                return result with { Reports = [] };
            case "proof cut short":
                proof = proof[..^1];
                break;
            case "second signature added":
                proof = [.. proof[..^66], 2, .. proof[^65..], .. proof[^65..]];
                break;
            case "signature zeroed":
                Array.Clear(proof, proof.Length - 65, 64); // r = s = 0, v kept
                break;
            default:
                throw new ArgumentException($"no such tampering: {tampering}");
        }
        return result with { Reports = [report with { Proof = proof }] };
    }

    private static JsonObject WithTarget(JsonObject request, string? chainId, string? contract)
    {
        var r = (JsonObject)request.DeepClone();
        var t = (JsonObject)r["targets"]![0]!;
        if (chainId is not null) t["chain_id"] = chainId;
        if (contract is not null) t["verifying_contract"] = contract;
        return r;
    }

    /// <summary>The same request for another job (two sources must agree instead of three): another feed id.</summary>
    private static JsonObject OtherFeed(JsonObject request)
    {
        var r = (JsonObject)request.DeepClone();
        r["job"]!["aggregation"]!["min_sources"] = 2;
        return r;
    }

    /// <summary>An <see cref="IEnclaveClient"/> between the relayer and the real host, as a compromised host would be.</summary>
    private sealed class TamperingEnclave(IEnclaveClient real, Func<IEnclaveClient, JsonObject, CancellationToken, Task<ExecuteResult>> execute) : IEnclaveClient
    {
        public Uri Endpoint => real.Endpoint;

        public Task<EnclaveIdentity> IdentityAsync(ReadOnlyMemory<byte> nonce = default, CancellationToken cancellationToken = default) =>
            real.IdentityAsync(nonce, cancellationToken);

        public Task<ExecuteResult> ExecuteAsync(JsonObject executeRequest, CancellationToken cancellationToken = default) =>
            execute(real, executeRequest, cancellationToken);

        public Task<ExecuteResult> ExecuteAsync(string executeRequestJson, CancellationToken cancellationToken = default) =>
            ExecuteAsync((JsonObject)JsonNode.Parse(executeRequestJson)!, cancellationToken);

        public Task<ExecuteResult> EndorseAsync(JsonObject endorseRequest, CancellationToken cancellationToken = default) =>
            real.EndorseAsync(endorseRequest, cancellationToken);

        public Task<ExecuteResult> EndorseAsync(string endorseRequestJson, CancellationToken cancellationToken = default) =>
            real.EndorseAsync(endorseRequestJson, cancellationToken);
    }

    // ---- helpers ----

    /// <summary>A runner and the devnet's feed, built from the devnet's relayer configuration as the host builds them.</summary>
    private (FeedRoundRunner Runner, FeedDefinition Feed) Runner(IEnclaveClient enclave)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(D.RelayerConfiguration()).Build()
            .GetSection(RelayerOptions.Section).Get<RelayerOptions>()!;
        var chains = new ChainRegistry(options.Chains.Select(c => (IChainEndpoint)new EvmChainEndpoint(c, new HttpClient(), NullLogger<EvmChainEndpoint>.Instance)));
        var feeds = new FeedCatalog(options, SourceCatalog.CreateDefault(), chains);
        return (new FeedRoundRunner(enclave, [], NullLogger<FeedRoundRunner>.Instance), feeds.Get(LocalDevnet.FeedName));
    }

    private sealed record Run(IReadOnlyList<RoundOutcome> Outcomes, IReadOnlyList<string> Alerts);

    /// <summary>
    /// Runs a relayer host with <paramref name="overrides"/> until it reported two attempts (at most
    /// <see cref="Bound"/>), then stops it. A failing round is attempted again after the devnet's retry delay.
    /// </summary>
    private async Task<Run> RunRelayerAsync(string name, Dictionary<string, string?> overrides)
    {
        var outcomes = new ConcurrentQueue<RoundOutcome>();
        var alerts = new ConcurrentQueue<string>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new CallbackObserver(o =>
        {
            outcomes.Enqueue(o);
            output.WriteLine($"round {o.Round} attempt {o.Attempt}: {(o.Ok ? "ok" : o.Error)}");
            if (outcomes.Count >= 2) two.TrySetResult();
        });
        using (var logs = new FileLoggerProvider(Path.Combine(fx.WorkDir, name + ".log"), alerts.Enqueue))
        {
            using var host = D.BuildRelayer(observer, l => l.AddProvider(logs), overrides, maxRounds: 1);
            await host.StartAsync();
            try
            {
                await two.Task.WaitAsync(Bound);
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stop.Token);
            }
        }
        return new Run([.. outcomes], [.. alerts]);
    }

    private Task<ulong> NonceAsync() => D.Rpc.GetTransactionCountAsync(D.RelayerKey.Address, BlockTag.Pending);

    private sealed record ValidatorEntry(BigInteger Power, EthAddress Signer, byte[] Measurement, BigInteger TcbStatus, BigInteger ExpiresAt)
    {
        public bool Equals(ValidatorEntry? o) => o is not null && Power == o.Power && Signer == o.Signer &&
            Measurement.AsSpan().SequenceEqual(o.Measurement) && TcbStatus == o.TcbStatus && ExpiresAt == o.ExpiresAt;

        public override int GetHashCode() => HashCode.Combine(Power, Signer, TcbStatus, ExpiresAt);
    }

    private async Task<ValidatorEntry> ValidatorEntryAsync(EthAddress validator)
    {
        var count = (BigInteger)Abi.Decode("uint256", await D.Rpc.CallAsync(new CallRequest { To = D.Hub, Data = Abi.EncodeCall("validatorCount()") }))[0]!;
        for (BigInteger i = 0; i < count; i++)
        {
            var v = Abi.Decode("(address,uint64,address,bytes32,uint8,uint64)",
                await D.Rpc.CallAsync(new CallRequest { To = D.Hub, Data = Abi.EncodeCall("validatorAt(uint256)", i) }));
            if ((EthAddress)v[0]! == validator)
                return new ValidatorEntry((BigInteger)v[1]!, (EthAddress)v[2]!, (byte[])v[3]!, (BigInteger)v[4]!, (BigInteger)v[5]!);
        }
        throw new InvalidOperationException($"validator {validator} is not in the hub's registry");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private sealed class CallbackObserver(Action<RoundOutcome> on) : IRoundObserver
    {
        public void OnRound(RoundOutcome outcome) => on(outcome);
    }
}
