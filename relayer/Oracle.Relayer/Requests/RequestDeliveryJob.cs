using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.Logging;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Feeds;

namespace Oracle.Relayer.Requests;

/// <summary>How a delivery ended (tests and logs).</summary>
public enum DeliveryOutcome
{
    /// <summary>This relayer's fulfill transaction answered the request.</summary>
    Fulfilled,
    /// <summary>The chain already had an answer: nothing sent.</summary>
    AlreadyAnswered,
    /// <summary>The request is not on chain as seen (a reorg dropped it): forgotten, nothing sent.</summary>
    Forgotten,
    /// <summary>The request names a spec hash this relayer has no job file for.</summary>
    Unanswerable,
    /// <summary>The store no longer lists it as open (done earlier in this or a previous process).</summary>
    NotOpen,
}

/// <summary>
/// The Hangfire job of one (request, attempt): execute in the enclave, gather endorsements in quorum
/// mode, ask the chain whether the request is still open, submit fulfill and wait for its receipt.
/// The request id is the idempotency key: deliveries of one request never overlap in a process, the
/// store's status is checked first, and the chain is asked right before sending (the send itself is
/// simulated first, so a request answered meanwhile costs no transaction).
/// </summary>
public sealed class RequestDeliveryJob
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private readonly RequestWatches watches;
    private readonly IEnclaveClient enclave;
    private readonly ILogger<RequestDeliveryJob> log;

    /// <summary>Created by Hangfire per execution.</summary>
    public RequestDeliveryJob(RequestWatches watches, IEnclaveClient enclave, ILogger<RequestDeliveryJob> log)
    {
        this.watches = watches;
        this.enclave = enclave;
        this.log = log;
    }

    /// <summary>Hangfire's entry point; failures are retried with growing delays.</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 4, 8, 15], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("deliver request {1} attempt {2} ({0})")]
    public async Task RunAsync(string watch, string requestId, int attempt, CancellationToken ct) =>
        await DeliverAsync(watches.Get(watch), requestId, attempt, ct);

    /// <summary>Delivers one request (tests call it directly).</summary>
    /// <exception cref="RelayerException">A step failed; retrying may succeed.</exception>
    public async Task<DeliveryOutcome> DeliverAsync(RequestWatch w, string requestId, int attempt, CancellationToken ct)
    {
        var gate = Locks.GetOrAdd(w.Key + "/" + requestId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await DeliverLockedAsync(w, requestId, attempt, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<DeliveryOutcome> DeliverLockedAsync(RequestWatch w, string requestId, int attempt, CancellationToken ct)
    {
        var stored = w.Store.Get(requestId);
        if (stored is null || stored.Status != "open")
        {
            log.LogInformation("request {Request}: {Status}; nothing to do", requestId, stored?.Status ?? "not in the store (forgotten)");
            return DeliveryOutcome.NotOpen;
        }
        var r = stored.Request;
        var c = await w.ContractAsync(ct);
        byte[] id = Hex.Decode(requestId);

        var before = await StillOpenAsync(w, c, r, id, "before executing", ct);
        if (before is { } early) return early;

        string? spec = r.Spec.Length > 0 ? Encoding.UTF8.GetString(r.Spec) : w.Jobs.GetValueOrDefault(r.SpecHash);
        if (spec is null)
        {
            w.Store.SetStatus(requestId, "unanswerable", null, $"no job file with spec hash {r.SpecHash}");
            log.LogError("request {Request}: names spec {Spec} by hash and no file of Relayer:Requests:JobFiles has that hash; not answered by this relayer",
                requestId, r.SpecHash);
            return DeliveryOutcome.Unanswerable;
        }

        var head = await w.Chain.GetHeadAsync(ct);
        var request = ExecuteRequest(spec, attempt, requestId, head.Timestamp, w.Chain.ChainId, c.Address);
        var result = await Run(() => enclave.ExecuteAsync(request, ct), "execute");
        if (!result.Ok && !result.ErrorReport)
        {
            var e = result.Error;
            throw new RelayerException(RelayerErrorKind.EnclaveJob, $"request {requestId}: the enclave's job failed: {e?.Name} ({e?.Code}): {e?.Detail}");
        }
        var validators = await c.ValidatorsAsync(ct);
        var mine = validators.FirstOrDefault(v => v.Validator == w.Validator)
            ?? throw new RelayerException(RelayerErrorKind.Chain, $"validator {w.Validator} is not in the registry {c.Registry}");
        var proof = Verified(result, w, c, id, r, mine.Signer);

        if (!result.ErrorReport && r.Quorum > 1)
            proof = await EndorseAsync(w, c, r, request, proof, validators, head.Number, ct);
        else if (result.ErrorReport)
            log.LogWarning("request {Request}: the enclave refused the spec ({Error}); answering with its signed error report", requestId, result.Error?.Name);

        var last = await StillOpenAsync(w, c, r, id, "before sending", ct);
        if (last is { } late) return late;
        TxOutcome tx;
        try
        {
            tx = await c.FulfillAsync(id, proof.Encode(), ct);
        }
        catch (RelayerException e) when (e.Kind == RelayerErrorKind.Reverted && e.Revert?.Name == "RequestNotPending")
        {
            w.Store.SetStatus(requestId, "done", null, "answered by another relayer (the simulation said so)");
            log.LogInformation("request {Request}: answered meanwhile (simulation reverted RequestNotPending); nothing sent", requestId);
            return DeliveryOutcome.AlreadyAnswered;
        }
        w.Store.SetStatus(requestId, "done", tx.Hash, result.ErrorReport ? "error report" : null);
        log.LogInformation("request {Request}: fulfilled by attempt {Attempt} in block {Block} (tx {Tx}, gas {Gas}, {Signatures} signature(s){Error}); requested in block {Requested}",
            requestId, attempt, tx.Receipt.BlockNumber, tx.Hash, tx.Receipt.GasUsed, proof.Signatures.Count,
            result.ErrorReport ? ", error report" : "", r.BlockNumber);
        return DeliveryOutcome.Fulfilled;
    }

    /// <summary>The enclave's execute request for a request's job.</summary>
    public static JsonObject ExecuteRequest(string spec, int attempt, string requestId, ulong chainTime, BigInteger chainId, EthAddress contract) => new()
    {
        ["job_text"] = spec,
        ["round"] = attempt,
        ["request_id"] = requestId,
        ["chain_time"] = chainTime,
        ["targets"] = new JsonArray(new JsonObject
        {
            ["chain_id"] = chainId.ToString(CultureInfo.InvariantCulture),
            ["verifying_contract"] = contract.ToString(),
        }),
    };

    /// <summary>Null while the request is open on chain as stored; otherwise records why not and says so.</summary>
    private async Task<DeliveryOutcome?> StillOpenAsync(RequestWatch w, RequestContract c, SeenRequest r, byte[] id, string when, CancellationToken ct)
    {
        var onChain = await c.GetAsync(id, ct);
        if (onChain.Status == OnChainStatus.None || onChain.BlockNumber != r.BlockNumber
            || onChain.Randomness != BigInteger.Parse(r.Randomness, CultureInfo.InvariantCulture))
        {
            w.Store.SetStatus(r.RequestId, "forgotten", null, "not on chain as seen (dropped by a reorg)");
            log.LogWarning("request {Request}: {When}: not on chain as seen in block {Block} (a reorg dropped it); forgotten, nothing sent", r.RequestId, when, r.BlockNumber);
            return DeliveryOutcome.Forgotten;
        }
        if (onChain.Status != OnChainStatus.Pending)
        {
            w.Store.SetStatus(r.RequestId, "done", null, $"already {onChain.Status.ToString().ToLowerInvariant()} on chain");
            log.LogInformation("request {Request}: {When}: already {Status} on chain; nothing sent", r.RequestId, when, onChain.Status.ToString().ToLowerInvariant());
            return DeliveryOutcome.AlreadyAnswered;
        }
        return null;
    }

    /// <summary>Checks the enclave's report before anything is sent: decodes, names this request and spec, and is
    /// signed by this validator's registered enclave key.</summary>
    private static CompactProof Verified(ExecuteResult result, RequestWatch w, RequestContract c, byte[] id, SeenRequest r, EthAddress registeredSigner)
    {
        var report = result.Reports.FirstOrDefault(x => string.Equals(x.VerifyingContract, c.Address.ToString(), StringComparison.OrdinalIgnoreCase))
            ?? throw new RelayerException(RelayerErrorKind.Unverified, $"request {r.RequestId}: the enclave signed no report for {c.Address}");
        CompactProof proof;
        try
        {
            proof = CompactProof.Decode(report.Proof);
            var signer = proof.Signer(0, proof.Digest(w.Chain.ChainId, c.Address));
            if (signer != registeredSigner)
                throw new RelayerException(RelayerErrorKind.Unverified,
                    $"request {r.RequestId}: the report recovers to {signer}, but validator {w.Validator}'s registered enclave is {registeredSigner}: not submitted");
        }
        catch (FormatException e)
        {
            throw new RelayerException(RelayerErrorKind.Unverified, $"request {r.RequestId}: the enclave's proof does not verify: {e.Message}");
        }
        if (!proof.RequestId.AsSpan().SequenceEqual(id) || !string.Equals(Hex.Encode(proof.FeedId), r.SpecHash, StringComparison.OrdinalIgnoreCase))
            throw new RelayerException(RelayerErrorKind.Unverified,
                $"request {r.RequestId}: the report names request {Hex.Encode(proof.RequestId)} and spec {Hex.Encode(proof.FeedId)}, not this request's spec {r.SpecHash}: not submitted");
        if (result.ErrorReport != proof.SourcesHash.AsSpan().SequenceEqual(RequestsAbi.ErrorSourcesHash))
            throw new RelayerException(RelayerErrorKind.Unverified, $"request {r.RequestId}: the result and its report disagree about being an error report");
        return proof;
    }

    /// <summary>
    /// Quorum mode: asks the other validators elected by open attempts, in election order, to endorse the
    /// leader's report with their own enclaves, until quorum signatures are in hand; signatures are then
    /// ordered by signer address, as the contract requires.
    /// </summary>
    private async Task<CompactProof> EndorseAsync(RequestWatch w, RequestContract c, SeenRequest r, JsonObject request,
        CompactProof proof, IReadOnlyList<RegistryValidator> validators, ulong head, CancellationToken ct)
    {
        var plan = RequestPlan.For(r, validators, w.Validator, head, c.WindowBlocks);
        var digest = proof.Digest(w.Chain.ChainId, c.Address);
        var sigs = new List<(EthAddress Signer, byte[] Signature)> { (proof.Signer(0, digest), proof.Signatures[0]) };
        var refusals = new List<string>();
        foreach (int index in plan.Order.Take(plan.OpenAttempts))
        {
            if (sigs.Count >= r.Quorum) break;
            var v = validators[index];
            if (v.Validator == w.Validator) continue;
            if (!w.Peers.TryGetValue(v.Validator, out var peer))
            {
                refusals.Add($"{v.Validator}: no peer endpoint configured");
                continue;
            }
            try
            {
                var (signer, signature) = Endorsements.Check(await peer.EndorseAsync(Endorsements.Request(request, proof), ct), proof, w.Chain.ChainId, c.Address);
                if (signer != v.Signer)
                {
                    refusals.Add($"{v.Validator}: its enclave {signer} is not the one registered for it ({v.Signer})");
                    continue;
                }
                sigs.Add((signer, signature));
            }
            catch (Exception ex) when (ex is EnclaveClientException or FormatException or InvalidOperationException)
            {
                refusals.Add($"{v.Validator}: {ex.Message}");
            }
        }
        if (sigs.Count < r.Quorum)
            throw new RelayerException(RelayerErrorKind.EnclaveJob,
                $"request {r.RequestId}: quorum {r.Quorum} needs {r.Quorum - 1} endorsement(s), got {sigs.Count - 1} ({string.Join("; ", refusals)})");
        log.LogInformation("request {Request}: endorsed by {Signers}", r.RequestId, string.Join(", ", sigs.Skip(1).Select(s => s.Signer)));
        return Endorsements.Combine(proof, sigs);
    }

    private static async Task<T> Run<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (EnclaveClientException e)
        {
            throw new RelayerException(RelayerErrorKind.EnclaveUnavailable, $"enclave {what}: {e.Message}", e);
        }
    }
}
