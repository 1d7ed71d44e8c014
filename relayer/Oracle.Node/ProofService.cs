using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Proofs;

namespace Oracle.Node;

/// <summary>A proof served: the enclave's result and the one report signed for the requested target, checked locally.</summary>
public sealed record ServedProof(NodeFeed Feed, NodeChain Chain, EthAddress Contract, BlockHeader Head, ExecuteResult Result,
    SignedReport Report, CompactProof Proof, EthAddress Signer, double EnclaveMs);

/// <summary>A verification request, from JSON or gRPC.</summary>
/// <param name="Proof">The compact proof bytes.</param>
/// <param name="ChainId">The chain it is consumed on.</param>
/// <param name="Contract">The consumer, as given (checked here).</param>
/// <param name="MaxAgeSeconds">The consumer's maxAge; null: <see cref="NodeOptions.DefaultMaxAge"/>.</param>
/// <param name="FeedId">The feed expected, as given; null or empty: any.</param>
/// <param name="Registry">The registry, as given; null or empty: <c>Node:Registries</c> for the chain.</param>
public sealed record VerifyInput(byte[] Proof, ulong ChainId, string? Contract, ulong? MaxAgeSeconds, string? FeedId, string? Registry);

/// <summary>
/// What the node does, for its HTTP API and its gRPC service alike: serve a fresh signed proof of a feed for one
/// consumer, and judge a proof as OracleProof would.
/// </summary>
public sealed class ProofService(NodeFeeds feeds, NodeChains chains, IEnclaveClient enclave, NodeOptions options, ILogger<ProofService> log)
{
    private readonly SemaphoreSlim identityLock = new(1, 1);
    private volatile string? enclaveSigner; // the enclave key's address, once Identity answered

    /// <summary>
    /// Runs the feed's job in the enclave now, with <c>chain_time</c> = the chain's latest block timestamp and one target
    /// (the chain and the consumer), and checks the report: it decodes, carries the feed's id, and its signature under
    /// the target's EIP-712 domain recovers to the enclave's key. The report's round is that block's number (a pull
    /// proof has no feed round; OracleProof does not read it).
    /// </summary>
    /// <exception cref="NodeRequestException">400 for a bad parameter (naming it), 404 for a feed this node does not serve,
    /// 502/503 when the enclave or the chain fails, 504 past <see cref="NodeLimitOptions.ProofTimeout"/>.</exception>
    public async Task<ServedProof> GetAsync(string? feedIdText, string? chainIdText, string? contractText, CancellationToken ct)
    {
        byte[] feedId = ParseFeedId(feedIdText, "feedId");
        ulong chainId = ParseChainId(chainIdText);
        EthAddress contract = ParseAddress(contractText, "contract");
        var feed = feeds.Find(feedId) ?? throw new NodeRequestException(404, "unknown_feed",
            $"no feed with id {Hex.Encode(feedId)} is served by this node (serves: {string.Join(", ", feeds.All.Select(f => $"{f.Name} {f.FeedIdHex}"))})", "feedId");
        var chain = chains.Get(chainId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Limits.ProofTimeout);
        try
        {
            var head = await chain.HeadAsync(timeout.Token);
            var request = new JsonObject
            {
                ["job"] = feed.Job.DeepClone(),
                ["round"] = head.Number,
                ["chain_time"] = head.Timestamp,
                ["targets"] = new JsonArray(new JsonObject
                {
                    ["chain_id"] = chainId.ToString(CultureInfo.InvariantCulture),
                    ["verifying_contract"] = contract.ToString(),
                }),
            };
            var watch = Stopwatch.StartNew();
            ExecuteResult result;
            EthAddress signer;
            try
            {
                result = await enclave.ExecuteAsync(request, timeout.Token);
                signer = await EnclaveSignerAsync(timeout.Token);
            }
            catch (EnclaveClientException e)
            {
                throw new NodeRequestException(e.IsRetryable ? 503 : 502, "enclave_unavailable", e.Message, inner: e);
            }
            double enclaveMs = watch.Elapsed.TotalMilliseconds;
            if (!result.Ok)
            {
                var failed = result.Sources.Where(s => s.Error is not null).Select(s => $"{s.Host}: {s.Error!.Name}").ToList();
                throw new NodeRequestException(result.Error?.IsTransient == true ? 503 : 502, "enclave_job_failed",
                    $"the enclave's job for {feed.Name} failed: {result.Error?.Name ?? "error"}: {result.Error?.Detail}" +
                    (failed.Count > 0 ? $" (failed sources: {string.Join(", ", failed)})" : ""));
            }
            var (report, proof) = CheckLocally(result, feed, chainId, contract, signer);
            log.LogInformation("proof {Feed} for chain {ChainId} {Contract}: value {Value} observedAt {ObservedAt} (chain time {ChainTime}, block {Block}), enclave {EnclaveMs:0} ms{Sim}",
                feed.Name, chainId, contract, proof.Value, proof.ObservedAt, head.Timestamp, head.Number, enclaveMs, result.Simulated ? " [SIMULATED enclave]" : "");
            return new ServedProof(feed, chain, contract, head, result, report, proof, signer, enclaveMs);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new NodeRequestException(504, "timeout", $"no proof of {feed.Name} within {options.Limits.ProofTimeout.TotalSeconds:0.#} s (Node:Limits:ProofTimeout)");
        }
    }

    /// <summary>Judges a proof with <see cref="ProofVerifier"/> on the chain's latest block.</summary>
    /// <returns>The verdict; a refused proof is a verdict, not an exception.</returns>
    /// <exception cref="NodeRequestException">400 for a bad parameter (naming it), 503/502 when the chain cannot be read.</exception>
    public async Task<ProofVerdict> VerifyAsync(VerifyInput input, CancellationToken ct)
    {
        var chain = chains.Get(input.ChainId);
        EthAddress contract = ParseAddress(input.Contract, "contract");
        EthAddress registry = string.IsNullOrEmpty(input.Registry)
            ? chain.Registry ?? throw NodeRequestException.BadParameter("registry",
                $"required: no registry is configured for chain {chain.ChainId} ({chain.Name}; Node:Registries) and the request names none")
            : ParseAddress(input.Registry, "registry");
        var requirements = new ProofRequirements(contract, registry,
            input.MaxAgeSeconds is { } s ? TimeSpan.FromSeconds(Math.Min(s, (ulong)TimeSpan.MaxValue.TotalSeconds - 1)) : options.DefaultMaxAge)
        {
            FeedId = string.IsNullOrEmpty(input.FeedId) ? null : ParseFeedId(input.FeedId, "feedId"),
        };
        try
        {
            var verdict = await chain.Verifier.VerifyAsync(input.Proof, requirements, ct);
            log.LogInformation("verify for chain {ChainId} {Contract}: {Verdict}", chain.ChainId, contract, verdict.Ok ? "ok" : $"{verdict.Check}: {verdict.Reason}");
            return verdict;
        }
        catch (ProofVerificationException e)
        {
            throw new NodeRequestException(e.IsRetryable ? 503 : 502, "chain_unavailable", $"chain '{chain.Name}': {e.Message}", inner: e);
        }
    }

    private static (SignedReport Report, CompactProof Proof) CheckLocally(ExecuteResult result, NodeFeed feed, ulong chainId, EthAddress contract, EthAddress signer)
    {
        static NodeRequestException Unverified(string why) => new(502, "unverified_report", $"the enclave's report does not verify locally, not served: {why}");
        var report = result.Reports.FirstOrDefault(r => r.ChainId == chainId && EthAddress.TryParse(r.VerifyingContract, out var a) && a == contract)
            ?? throw Unverified($"no report for chain {chainId} and {contract}");
        CompactProof proof;
        try
        {
            proof = CompactProof.Decode(report.Proof);
        }
        catch (FormatException e)
        {
            throw Unverified(e.Message);
        }
        if (!proof.FeedId.AsSpan().SequenceEqual(feed.FeedId)) throw Unverified($"it is for feed {Hex.Encode(proof.FeedId)}, not {feed.FeedIdHex}");
        if (proof.Signatures.Count != 1) throw Unverified($"{proof.Signatures.Count} signatures, expected 1");
        EthAddress recovered;
        try
        {
            recovered = proof.Signer(0, proof.Digest(chainId, contract));
        }
        catch (FormatException e)
        {
            throw Unverified(e.Message);
        }
        if (recovered != signer) throw Unverified($"its signature recovers to {recovered}, not to the enclave's key {signer}");
        return (report, proof);
    }

    private async Task<EthAddress> EnclaveSignerAsync(CancellationToken ct)
    {
        if (enclaveSigner is { } known) return EthAddress.Parse(known);
        await identityLock.WaitAsync(ct);
        try
        {
            if (enclaveSigner is null)
            {
                var id = await enclave.IdentityAsync(default, ct);
                enclaveSigner = EthAddress.Parse(id.Signer).ToString();
                log.LogInformation("enclave signer {Signer}, backend {Backend}{Sim}", id.Signer, id.Backend, id.Simulated ? " [SIMULATED: protects nothing]" : "");
            }
            return EthAddress.Parse(enclaveSigner);
        }
        finally
        {
            identityLock.Release();
        }
    }

    /// <summary>A feed id: 0x and 64 hex digits.</summary>
    /// <exception cref="NodeRequestException">400 naming <paramref name="parameter"/>.</exception>
    public static byte[] ParseFeedId(string? text, string parameter)
    {
        if (string.IsNullOrEmpty(text)) throw NodeRequestException.BadParameter(parameter, "required (0x and 64 hex digits)");
        if (text.Length != 66 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !text[2..].All(Uri.IsHexDigit))
            throw NodeRequestException.BadParameter(parameter, $"'{Clip(text)}' is not a feed id (0x and 64 hex digits)");
        return Hex.Decode(text);
    }

    /// <summary>A chain id: a positive decimal integer.</summary>
    /// <exception cref="NodeRequestException">400 naming chainId.</exception>
    public static ulong ParseChainId(string? text)
    {
        if (string.IsNullOrEmpty(text)) throw NodeRequestException.BadParameter("chainId", "required (a decimal chain id)");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) || id == 0)
            throw NodeRequestException.BadParameter("chainId", $"'{Clip(text)}' is not a chain id (a positive decimal integer)");
        return id;
    }

    /// <summary>A contract address: 0x and 40 hex digits (EIP-55 checksum checked when mixed case), not zero.</summary>
    /// <exception cref="NodeRequestException">400 naming <paramref name="parameter"/>.</exception>
    public static EthAddress ParseAddress(string? text, string parameter)
    {
        if (string.IsNullOrEmpty(text)) throw NodeRequestException.BadParameter(parameter, "required (a 0x-prefixed 20-byte address)");
        EthAddress address;
        try
        {
            address = EthAddress.Parse(text);
        }
        catch (FormatException e)
        {
            throw NodeRequestException.BadParameter(parameter, text.Length <= 80 ? e.Message : $"'{Clip(text)}' is not an address (0x and 40 hex digits)");
        }
        if (address.IsZero) throw NodeRequestException.BadParameter(parameter, "the zero address");
        return address;
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
