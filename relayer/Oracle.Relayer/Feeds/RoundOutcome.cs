using System.Numerics;
using Oracle.Relayer.Chains;

namespace Oracle.Relayer.Feeds;

/// <summary>What one attempt of one feed round did, for logs, the devnet's progress view and <c>--json</c>.</summary>
public sealed record RoundOutcome
{
    /// <summary>Feed name.</summary>
    public required string Feed { get; init; }
    /// <summary>Round number the enclave signed.</summary>
    public required ulong Round { get; init; }
    /// <summary>1 for the first attempt of this round.</summary>
    public required int Attempt { get; init; }
    /// <summary>Whether every target took the report (or already had a fresher one).</summary>
    public required bool Ok { get; init; }
    /// <summary>The aggregated value (scaled), when the enclave produced one.</summary>
    public BigInteger? Value { get; init; }
    /// <summary>Decimals of <see cref="Value"/>.</summary>
    public int Decimals { get; init; }
    /// <summary>observedAt of the report (median of the sources' Date headers).</summary>
    public ulong ObservedAt { get; init; }
    /// <summary>The enclave's signer address.</summary>
    public string? Signer { get; init; }
    /// <summary>Whether the enclave is the simulation backend (protects nothing).</summary>
    public bool Simulated { get; init; }
    /// <summary>Per source: host and value or error.</summary>
    public IReadOnlyList<RoundSource> Sources { get; init; } = [];
    /// <summary>Per target chain.</summary>
    public IReadOnlyList<TargetOutcome> Targets { get; init; } = [];
    /// <summary>What failed, when <see cref="Ok"/> is false.</summary>
    public string? Error { get; init; }
    /// <summary>
    /// Whether another attempt of the same round may succeed (a source or endpoint down). False when
    /// it cannot (a report that does not verify, a contract that reverts): the next scheduled round
    /// starts again instead.
    /// </summary>
    public bool Retryable { get; init; }
    /// <summary>Time of the enclave host call (gRPC round trip and the enclave's work).</summary>
    public double EnclaveMs { get; init; }
    /// <summary>Wall time of the attempt.</summary>
    public double ElapsedMs { get; init; }
    /// <summary>CPU time the relayer process used during the attempt (all its threads).</summary>
    public double RelayerCpuMs { get; init; }
}

/// <summary>One source of a round.</summary>
public sealed record RoundSource(string Host, string? Value, string? Error);

/// <summary>One target of a round.</summary>
public sealed record TargetOutcome
{
    /// <summary>Chain name.</summary>
    public required string Chain { get; init; }
    /// <summary>Feed contract.</summary>
    public required string Contract { get; init; }
    /// <summary>Block number when the round started (the request).</summary>
    public ulong RequestBlock { get; init; }
    /// <summary>The submission, when one was included.</summary>
    public Submission? Submission { get; init; }
    /// <summary>Why nothing was submitted although the round succeeded (e.g. the contract already has a fresher answer).</summary>
    public string? Skipped { get; init; }
    /// <summary>What failed for this target.</summary>
    public string? Error { get; init; }
    /// <summary>Blocks from the request block to the inclusion block.</summary>
    public ulong? LatencyBlocks => Submission is null ? null : Submission.BlockNumber - RequestBlock;
}

/// <summary>Receives every round attempt (the devnet's progress view, tests).</summary>
public interface IRoundObserver
{
    /// <summary>Called once per attempt, after it ended.</summary>
    void OnRound(RoundOutcome outcome);
}
