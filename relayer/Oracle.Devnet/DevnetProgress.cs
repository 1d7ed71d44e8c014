using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Relayer.Feeds;

namespace Oracle.Devnet;

/// <summary>
/// The devnet's live view: one line per round attempt (human) or one JSON object per round
/// (<c>--json</c>), and the signal that the requested number of rounds is done.
/// </summary>
public sealed class DevnetProgress : IRoundObserver
{
    private readonly TextWriter output;
    private readonly bool json;
    private readonly int rounds;
    private readonly int maxConsecutiveFailures;
    private readonly List<RoundOutcome> all = [];
    private readonly object gate = new();
    private int consecutiveFailures;

    /// <summary>Creates the view; <paramref name="rounds"/> 0 never completes.</summary>
    public DevnetProgress(TextWriter output, bool json, int rounds, int maxConsecutiveFailures = 20)
    {
        this.output = output;
        this.json = json;
        this.rounds = rounds;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /// <summary>Completes with true after the requested successful rounds, false after too many failures in a row.</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every attempt seen so far.</summary>
    public IReadOnlyList<RoundOutcome> Outcomes
    {
        get { lock (gate) return all.ToList(); }
    }

    /// <inheritdoc />
    public void OnRound(RoundOutcome o)
    {
        int ok;
        lock (gate)
        {
            all.Add(o);
            ok = all.Count(x => x.Ok);
            consecutiveFailures = o.Ok ? 0 : consecutiveFailures + 1;
            output.WriteLine(json ? ToJson(o).ToJsonString() : ToLine(o));
            output.Flush();
        }
        if (rounds > 0 && ok >= rounds) Done.TrySetResult(true);
        if (consecutiveFailures >= maxConsecutiveFailures) Done.TrySetResult(false);
    }

    /// <summary>The round as one JSON object (the <c>--json</c> line).</summary>
    public static JsonObject ToJson(RoundOutcome o)
    {
        var t = o.Targets.FirstOrDefault();
        return new JsonObject
        {
            ["feed"] = o.Feed,
            ["round"] = o.Round,
            ["attempt"] = o.Attempt,
            ["ok"] = o.Ok,
            ["value"] = o.Value?.ToString(CultureInfo.InvariantCulture),
            ["price"] = o.Value is { } v ? Price(v, o.Decimals) : null,
            ["decimals"] = o.Decimals,
            ["observed_at"] = o.ObservedAt,
            ["signer"] = o.Signer,
            ["simulated"] = o.Simulated,
            ["sources"] = new JsonArray(o.Sources.Select(s => (JsonNode)new JsonObject { ["host"] = s.Host, ["value"] = s.Value, ["error"] = s.Error }).ToArray()),
            ["tx"] = t?.Submission?.TransactionHash,
            ["block"] = t?.Submission?.BlockNumber,
            ["request_block"] = t?.RequestBlock,
            ["latency_blocks"] = t?.LatencyBlocks,
            ["gas_used"] = t?.Submission?.GasUsed,
            ["contract_round"] = t?.Submission?.RoundId,
            ["skipped"] = t?.Skipped,
            ["enclave_ms"] = Math.Round(o.EnclaveMs, 2),
            ["elapsed_ms"] = Math.Round(o.ElapsedMs, 2),
            ["relayer_cpu_ms"] = Math.Round(o.RelayerCpuMs, 2),
            ["error"] = o.Error,
        };
    }

    /// <summary>The round as one human line.</summary>
    public static string ToLine(RoundOutcome o)
    {
        string sim = o.Simulated ? "  [SIMULATED enclave]" : "";
        if (!o.Ok)
            return $"round {o.Round,4}  attempt {o.Attempt}  FAILED: {o.Error}";
        var t = o.Targets.FirstOrDefault();
        string where = t?.Submission is { } s
            ? $"tx {s.TransactionHash[..12]}… block {s.BlockNumber} (+{t.LatencyBlocks} blocks)  gas {s.GasUsed:N0}"
            : $"not submitted: {t?.Skipped}";
        return $"round {o.Round,4}  {o.Feed} {Price(o.Value ?? 0, o.Decimals)}  {where}  enclave {o.EnclaveMs:0} ms  relayer cpu {o.RelayerCpuMs:0} ms{sim}";
    }

    /// <summary>A scaled integer as a decimal string.</summary>
    public static string Price(BigInteger v, int decimals)
    {
        var scale = BigInteger.Pow(10, decimals);
        var sign = v < 0 ? "-" : "";
        v = BigInteger.Abs(v);
        return decimals == 0 ? sign + v : $"{sign}{v / scale}.{(v % scale).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0')}";
    }

    /// <summary>The summary line printed at the end.</summary>
    public string Summary()
    {
        var ok = Outcomes.Where(o => o.Ok && o.Targets.Any(t => t.Submission is not null)).ToList();
        if (ok.Count == 0) return "no round was submitted";
        static double Median(IEnumerable<double> xs)
        {
            var a = xs.OrderBy(x => x).ToArray();
            return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
        }
        var subs = ok.SelectMany(o => o.Targets).Where(t => t.Submission is not null).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{ok.Count} round(s) submitted, {Outcomes.Count(o => !o.Ok)} failed attempt(s); median gas {Median(subs.Select(s => (double)s.Submission!.GasUsed)):N0}, " +
            $"median latency {Median(subs.Select(s => (double)s.LatencyBlocks!.Value))} block(s), median relayer CPU {Median(ok.Select(o => o.RelayerCpuMs)):0.0} ms per round, " +
            $"median enclave time {Median(ok.Select(o => o.EnclaveMs)):0.0} ms");
    }
}
