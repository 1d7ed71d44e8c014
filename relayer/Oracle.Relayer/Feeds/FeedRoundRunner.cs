using System.Diagnostics;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Chains;

namespace Oracle.Relayer.Feeds;

/// <summary>
/// Runs feed rounds: reads each target's head and latest answer, asks the enclave to execute the
/// feed's job for the next round, checks every report locally against the enclave's key (nothing
/// unverified is ever submitted), and submits it to each target that does not hold a fresher answer.
/// </summary>
public sealed class FeedRoundRunner
{
    private readonly IEnclaveClient enclave;
    private readonly IEnumerable<IRoundObserver> observers;
    private readonly ILogger<FeedRoundRunner> log;
    private readonly SemaphoreSlim identityLock = new(1, 1);
    private string? enclaveSigner;

    /// <summary>Creates the runner.</summary>
    public FeedRoundRunner(IEnclaveClient enclave, IEnumerable<IRoundObserver> observers, ILogger<FeedRoundRunner> log)
    {
        this.enclave = enclave;
        this.observers = observers;
        this.log = log;
    }

    /// <summary>
    /// Runs one round of the feed, with up to <see cref="FeedDefinition.MaxAttempts"/> attempts.
    /// Every attempt is logged and reported to the observers; a round that fails every attempt is
    /// logged as failed (the next scheduled round starts over from the chain's state).
    /// </summary>
    /// <returns>The last attempt's outcome.</returns>
    public async Task<RoundOutcome> RunRoundAsync(FeedDefinition feed, CancellationToken ct)
    {
        RoundOutcome outcome = null!;
        for (int attempt = 1; attempt <= feed.MaxAttempts; attempt++)
        {
            outcome = await RunAttemptAsync(feed, attempt, ct);
            foreach (var o in observers) o.OnRound(outcome);
            if (outcome.Ok) return outcome;
            if (!outcome.Retryable)
            {
                log.LogError("feed {Feed} round {Round}: attempt {Attempt} failed and is not retried (another attempt would fail the same way): {Error}; the next scheduled round starts again from the chain's state",
                    feed.Name, outcome.Round, attempt, outcome.Error);
                return outcome;
            }
            bool last = attempt == feed.MaxAttempts;
            if (last)
                log.LogError("feed {Feed} round {Round}: failed after {Attempts} attempt(s): {Error}; the next scheduled round starts again from the chain's state",
                    feed.Name, outcome.Round, attempt, outcome.Error);
            else
            {
                log.LogWarning("feed {Feed} round {Round}: attempt {Attempt}/{Max} failed: {Error}; retrying in {Delay}s",
                    feed.Name, outcome.Round, attempt, feed.MaxAttempts, outcome.Error, feed.RetryDelay.TotalSeconds);
                await Task.Delay(feed.RetryDelay, ct);
            }
        }
        return outcome;
    }

    /// <summary>One attempt of one round. Never throws for a failed step; the outcome says what failed.</summary>
    public async Task<RoundOutcome> RunAttemptAsync(FeedDefinition feed, int attempt, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        ulong round = 0;
        var targets = new List<TargetOutcome>();
        ExecuteResult? result = null;
        double enclaveMs = 0;
        double CpuMs() => (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        RoundOutcome Failed(string error, bool retryable) => new()
        {
            Feed = feed.Name, Round = round, Attempt = attempt, Ok = false, Error = error, Retryable = retryable, Decimals = feed.Decimals,
            Value = result?.Ok == true ? result.Value : null, Signer = result?.Signer, Simulated = result?.Simulated ?? false,
            Sources = Sources(result), Targets = targets, EnclaveMs = enclaveMs,
            ElapsedMs = wall.Elapsed.TotalMilliseconds, RelayerCpuMs = CpuMs(),
        };

        try
        {
            // 1. Where every target stands. The next round follows the highest round any target holds,
            //    so a restarted relayer carries on from the chain's state, not from memory.
            var heads = new List<(FeedTarget Target, ChainHead Head, FeedState State)>();
            foreach (var t in feed.Targets)
            {
                var head = await t.Chain.GetHeadAsync(ct);
                var state = await t.Chain.GetFeedStateAsync(t.Contract, feed.FeedId, ct);
                heads.Add((t, head, state));
            }
            round = heads.Max(h => h.State.RoundId) + 1;
            ulong chainTime = heads[0].Head.Timestamp;

            // 2. The enclave executes the job and signs one report per target.
            var request = new JsonObject
            {
                ["job"] = feed.Job.DeepClone(),
                ["round"] = round,
                ["chain_time"] = chainTime,
                ["targets"] = new JsonArray(feed.Targets.Select(t => (JsonNode)new JsonObject
                {
                    ["chain_id"] = t.Chain.ChainId.ToString(),
                    ["verifying_contract"] = t.Contract,
                }).ToArray()),
            };
            var enclaveWatch = Stopwatch.StartNew();
            result = await enclave.ExecuteAsync(request, ct);
            enclaveMs = enclaveWatch.Elapsed.TotalMilliseconds;
            if (!result.Ok)
                return Failed($"enclave: {result.Error?.Name ?? "error"}: {result.Error?.Detail}{SourceErrors(result)}", retryable: true);

            string signer = await EnclaveSignerAsync(ct);
            if (result.FeedId is null || !Hex.Decode(result.FeedId).AsSpan().SequenceEqual(feed.FeedId))
                return Failed($"the enclave signed feed id {result.FeedId}, but this feed's job hashes to {Hex.Encode(feed.FeedId)}: not submitted", retryable: false);

            // Quorum mode: the peers' enclaves re-execute the job and endorse this report.
            var endorsements = feed.Quorum > 1 ? await EndorseAsync(feed, request, result, heads[0].Target, signer, ct) : [];

            // 3. Each target: verify locally, skip if the chain already holds something fresher, submit.
            bool allOk = true, retryable = true;
            foreach (var (t, head, state) in heads)
            {
                var report = result.Reports.FirstOrDefault(r => r.ChainId == t.Chain.ChainId &&
                    string.Equals(r.VerifyingContract, t.Contract, StringComparison.OrdinalIgnoreCase));
                var to = new TargetOutcome { Chain = t.Chain.Name, Contract = t.Contract, RequestBlock = head.Number };
                try
                {
                    if (report is null) throw new RelayerException(RelayerErrorKind.Unverified, "the enclave returned no report for this target");
                    var proof = VerifyProof(report, t, feed, signer);
                    if (proof.ObservedAt <= state.ObservedAt)
                    {
                        targets.Add(to with { Skipped = $"the contract already holds observedAt {state.ObservedAt} >= {proof.ObservedAt}" });
                        continue;
                    }
                    byte[] bytes = report.Proof;
                    if (feed.Quorum > 1)
                    {
                        var target = (t.Chain.ChainId, EthAddress.Parse(t.Contract));
                        var leader = (proof.Signer(0, proof.Digest(target.ChainId, target.Item2)), proof.Signatures[0]);
                        try
                        {
                            bytes = Endorsements.Combine(proof, endorsements.Select(e => Endorsements.Check(e, proof, target.ChainId, target.Item2)).Prepend(leader)).Encode();
                        }
                        catch (FormatException e)
                        {
                            throw new RelayerException(RelayerErrorKind.Unverified, $"an endorsement for this target does not verify: {e.Message}; not submitted");
                        }
                    }
                    var sub = await t.Chain.SubmitAsync(t.Contract, bytes, ct);
                    targets.Add(to with { Submission = sub });
                    log.LogInformation("feed {Feed} round {Round} -> {Chain} {Contract}: value {Value} in tx {Tx} (block {Block}, {Gas} gas, {Latency} block(s) after the request, contract round {ContractRound}, signer {Signer})",
                        feed.Name, round, t.Chain.Name, t.Contract, result.Value, sub.TransactionHash, sub.BlockNumber, sub.GasUsed,
                        sub.BlockNumber - head.Number, sub.RoundId, sub.Signer);
                }
                catch (RelayerException e)
                {
                    allOk = false;
                    retryable &= e.IsRetryable;
                    targets.Add(to with { Error = e.Message });
                    log.LogError("feed {Feed} round {Round} -> {Chain} {Contract}: {Kind}: {Error}", feed.Name, round, t.Chain.Name, t.Contract, e.Kind, e.Message);
                }
            }
            var outcome = new RoundOutcome
            {
                Feed = feed.Name, Round = round, Attempt = attempt, Ok = allOk, Retryable = !allOk && retryable, Value = result.Value, Decimals = feed.Decimals,
                ObservedAt = result.ObservedAt ?? 0, Signer = result.Signer, Simulated = result.Simulated, Sources = Sources(result),
                Targets = targets, EnclaveMs = enclaveMs, ElapsedMs = wall.Elapsed.TotalMilliseconds, RelayerCpuMs = CpuMs(),
                Error = allOk ? null : string.Join("; ", targets.Where(x => x.Error is not null).Select(x => $"{x.Chain}: {x.Error}")),
            };
            if (allOk)
                log.LogInformation("feed {Feed} round {Round}: value {Value} (decimals {Decimals}) from {Sources} source(s), observedAt {ObservedAt}{Sim}; enclave {EnclaveMs:0} ms, round {ElapsedMs:0} ms",
                    feed.Name, round, result.Value, feed.Decimals, result.Sources.Count(s => s.Error is null), result.ObservedAt,
                    result.Simulated ? " [SIMULATED enclave]" : "", enclaveMs, wall.Elapsed.TotalMilliseconds);
            return outcome;
        }
        catch (RelayerException e)
        {
            return Failed($"{e.Kind}: {e.Message}", e.IsRetryable);
        }
        catch (EnclaveClientException e)
        {
            return Failed(e.Message, e.IsRetryable);
        }
        catch (EvmException e)
        {
            return Failed($"chain: {e.Message}", e.IsRetryable);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "feed {Feed} round {Round}: unexpected failure", feed.Name, round);
            return Failed($"unexpected {e.GetType().Name}: {e.Message}", retryable: false);
        }
    }

    /// <summary>
    /// Asks the feed's peers, in order, to endorse the report until quorum - 1 have; each endorsement is
    /// checked against the first target's report (the others are checked when their proofs are put together).
    /// </summary>
    /// <exception cref="RelayerException">Kind EnclaveJob (retryable): too few endorsed, each refusal named.</exception>
    private async Task<IReadOnlyList<ExecuteResult>> EndorseAsync(FeedDefinition feed, JsonObject request, ExecuteResult result, FeedTarget first,
        string signer, CancellationToken ct)
    {
        var report = result.Reports.FirstOrDefault(r => r.ChainId == first.Chain.ChainId && string.Equals(r.VerifyingContract, first.Contract, StringComparison.OrdinalIgnoreCase))
            ?? throw new RelayerException(RelayerErrorKind.Unverified, "the enclave returned no report for the first target");
        var leader = VerifyProof(report, first, feed, signer);
        var ask = Endorsements.Request(request, leader);
        var endorsed = new List<ExecuteResult>();
        var refusals = new List<string>();
        foreach (var peer in feed.Peers)
        {
            if (endorsed.Count >= feed.Quorum - 1) break;
            try
            {
                var e = await peer.EndorseAsync(ask, ct);
                var (by, _) = Endorsements.Check(e, leader, first.Chain.ChainId, EthAddress.Parse(first.Contract));
                if (string.Equals(by.ToString(), signer, StringComparison.OrdinalIgnoreCase) || endorsed.Any(x => string.Equals(x.Signer, e.Signer, StringComparison.OrdinalIgnoreCase)))
                {
                    refusals.Add($"{peer.Endpoint}: enclave {by} has signed already");
                    continue;
                }
                endorsed.Add(e);
            }
            catch (Exception ex) when (ex is EnclaveClientException or FormatException or InvalidOperationException)
            {
                refusals.Add($"{peer.Endpoint}: {ex.Message}");
            }
        }
        if (endorsed.Count < feed.Quorum - 1)
            throw new RelayerException(RelayerErrorKind.EnclaveJob,
                $"quorum {feed.Quorum} needs {feed.Quorum - 1} endorsement(s), got {endorsed.Count} ({string.Join("; ", refusals)})");
        log.LogInformation("feed {Feed}: report endorsed by {Signers}", feed.Name, string.Join(", ", endorsed.Select(e => e.Signer)));
        return endorsed;
    }

    private static CompactProof VerifyProof(SignedReport report, FeedTarget t, FeedDefinition feed, string signer)
    {
        CompactProof proof;
        try
        {
            proof = CompactProof.Decode(report.Proof);
        }
        catch (FormatException e)
        {
            throw new RelayerException(RelayerErrorKind.Unverified, $"the enclave's proof does not decode: {e.Message}");
        }
        if (!proof.FeedId.AsSpan().SequenceEqual(feed.FeedId))
            throw new RelayerException(RelayerErrorKind.Unverified, "the proof's feed id is not this feed's");
        if (proof.Signatures.Count != 1)
            throw new RelayerException(RelayerErrorKind.Unverified, $"the proof carries {proof.Signatures.Count} signatures, expected 1");
        byte[] digest = Eip712.ReportDigest(t.Chain.ChainId, EthAddress.Parse(t.Contract), proof.FeedId, proof.RequestId, proof.Round,
            proof.Value, proof.Data, proof.ObservedAt, proof.SourcesHash);
        string recovered;
        try
        {
            recovered = EthSignature.FromBytes65(proof.Signatures[0]).Recover(digest).ToString();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new RelayerException(RelayerErrorKind.Unverified, $"the proof's signature does not recover: {e.Message}");
        }
        if (!string.Equals(recovered, signer, StringComparison.OrdinalIgnoreCase))
            throw new RelayerException(RelayerErrorKind.Unverified,
                $"the proof's signature recovers to {recovered}, not to the enclave's key {signer}: not submitted");
        return proof;
    }

    private async Task<string> EnclaveSignerAsync(CancellationToken ct)
    {
        if (enclaveSigner is not null) return enclaveSigner;
        await identityLock.WaitAsync(ct);
        try
        {
            if (enclaveSigner is null)
            {
                var id = await enclave.IdentityAsync(default, ct);
                enclaveSigner = id.Signer;
                log.LogInformation("enclave signer {Signer}, backend {Backend}{Sim}", id.Signer, id.Backend,
                    id.Simulated ? " [SIMULATED: protects nothing]" : "");
            }
            return enclaveSigner;
        }
        finally
        {
            identityLock.Release();
        }
    }

    private static IReadOnlyList<RoundSource> Sources(ExecuteResult? r) =>
        r is null ? [] : r.Sources.Select(s => new RoundSource(s.Host, s.Value?.ToString(), s.Error is null ? null : $"{s.Error.Name}: {s.Error.Detail}")).ToList();

    private static string SourceErrors(ExecuteResult r)
    {
        var failed = r.Sources.Where(s => s.Error is not null).Select(s => $"{s.Host}: {s.Error!.Name}").ToList();
        return failed.Count == 0 ? "" : $" (failed sources: {string.Join(", ", failed)})";
    }
}
