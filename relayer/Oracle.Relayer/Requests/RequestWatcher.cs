using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Evm;

namespace Oracle.Relayer.Requests;

/// <summary>
/// Watches every OracleRequests contract of Relayer:Requests. Each poll, per watch:
/// <list type="number">
/// <item>reorg check: the stored hash of the cursor block must still be the chain's; if not, walk back to
/// the newest block whose stored hash still matches, and forget every request seen above it;</item>
/// <item>scan: blocks cursor+1 .. head (at most MaxBlockRange), their hashes and OracleRequested events
/// (each event's block hash must be the block's, else the scan waits for the next poll), stored with the
/// new cursor in one transaction;</item>
/// <item>plan: for each open request with Confirmations blocks on top, the election (registry as it is
/// now) says whether this validator leads an open attempt; if so a Hangfire job delivers it, once per
/// (request, attempt) and process.</item>
/// </list>
/// After a restart, before anything else, it waits until the paying account has no pending transaction,
/// so that what the previous process sent is judged by the chain, not sent again.
/// </summary>
public sealed class RequestWatcher : BackgroundService
{
    /// <summary>A job that failed every retry is enqueued again after this long if the request is still open.</summary>
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromMinutes(1);

    private readonly RequestWatches watches;
    private readonly IBackgroundJobClient jobs;
    private readonly ILogger<RequestWatcher> log;

    /// <summary>Creates the watcher.</summary>
    public RequestWatcher(RequestWatches watches, IBackgroundJobClient jobs, ILogger<RequestWatcher> log)
    {
        this.watches = watches;
        this.jobs = jobs;
        this.log = log;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(watches.All.Values.Select(w => RunAsync(w, stoppingToken)));

    private async Task RunAsync(RequestWatch w, CancellationToken ct)
    {
        try
        {
            await StartAsync(w, ct);
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(w, ct);
                }
                catch (Exception e) when (e is RelayerException or EvmException or HttpRequestException or TimeoutException)
                {
                    log.LogWarning("requests {Watch}: poll failed, trying again: {Error}", w.Key, e.Message);
                }
                await Task.Delay(w.Options.PollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task StartAsync(RequestWatch w, CancellationToken ct)
    {
        for (int i = 0; ; i++)
        {
            try
            {
                var c = await w.ContractAsync(ct);
                var counts = w.Store.Counts();
                log.LogInformation("requests {Watch}: contract {Contract}, registry {Registry}, window {Window} block(s); acting for validator {Validator}; " +
                    "cursor {Cursor}; stored: {Counts}", w.Key, c.Address, c.Registry, c.WindowBlocks, w.Validator,
                    w.Store.Cursor()?.ToString() ?? $"none (first start: from block {w.Options.StartBlock})",
                    counts.Count == 0 ? "nothing" : string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}")));
                if (!await w.Chain.WaitForNoPendingAsync(TimeSpan.FromMinutes(2), ct))
                    log.LogWarning("requests {Watch}: account {Account} still has pending transactions after 2 minutes; carrying on (the contract refuses a second answer)", w.Key, w.Chain.Account);
                return;
            }
            catch (Exception e) when (e is RelayerException or EvmException or HttpRequestException)
            {
                if (i % 10 == 0) log.LogWarning("requests {Watch}: cannot start yet: {Error}", w.Key, e.Message);
                await Task.Delay(w.Options.PollInterval, ct);
            }
        }
    }

    /// <summary>One poll of one watch (tests call it directly).</summary>
    internal async Task PollAsync(RequestWatch w, CancellationToken ct)
    {
        var c = await w.ContractAsync(ct);
        var rpc = w.Chain.Rpc;
        ulong head = await w.Chain.Call(() => rpc.BlockNumberAsync(ct), "eth_blockNumber");
        ulong? cursor = w.Store.Cursor();

        if (cursor is { } at && at > head)
        {
            // The chain is shorter than what was scanned: everything above its head is gone.
            Forget(w, head, $"the chain's head {head} is below the cursor {at}");
            cursor = head;
        }
        if (cursor is { } cur && w.Store.BlockHash(cur) is { } stored)
        {
            var block = await w.Chain.Call(() => rpc.GetBlockAsync(cur, ct), "eth_getBlockByNumber");
            if (block is null || !string.Equals(block.Hash, stored, StringComparison.OrdinalIgnoreCase))
            {
                ulong fork = await ForkPointAsync(w, cur, ct);
                Forget(w, fork, $"block {cur} is now {block?.Hash ?? "missing"}, was {stored}");
                cursor = fork;
            }
        }

        ulong from = cursor is { } c0 ? c0 + 1 : w.Options.StartBlock;
        if (from <= head)
        {
            ulong to = Math.Min(head, from + (ulong)w.Options.MaxBlockRange - 1);
            var blocks = new List<(ulong, string)>();
            string? parent = cursor is { } c1 ? w.Store.BlockHash(c1) : null;
            for (ulong n = from; n <= to; n++)
            {
                var b = await w.Chain.Call(() => rpc.GetBlockAsync(n, ct), "eth_getBlockByNumber");
                if (b is null) { to = n - 1; break; }
                if (parent is not null && !string.Equals(b.ParentHash, parent, StringComparison.OrdinalIgnoreCase))
                {
                    log.LogInformation("requests {Watch}: block {Block} does not extend the stored chain (a reorg under way); next poll", w.Key, n);
                    return;
                }
                blocks.Add((n, b.Hash));
                parent = b.Hash;
            }
            if (blocks.Count > 0)
            {
                to = blocks[^1].Item1;
                var hashes = blocks.ToDictionary(b => b.Item1, b => b.Item2);
                var logs = await c.RequestedLogsAsync(from, to, ct);
                var seen = new List<SeenRequest>();
                foreach (var l in logs)
                {
                    if (l.Removed) continue;
                    if (l.BlockNumber is not { } bn || !hashes.TryGetValue(bn, out var h) || !string.Equals(h, l.BlockHash, StringComparison.OrdinalIgnoreCase))
                    {
                        log.LogInformation("requests {Watch}: an event of block {Block} belongs to another fork; next poll", w.Key, l.BlockNumber);
                        return;
                    }
                    try
                    {
                        seen.Add(RequestContract.Decode(l, bn, h));
                    }
                    catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException)
                    {
                        log.LogWarning("requests {Watch}: an OracleRequested event in block {Block} does not decode; skipped: {Error}", w.Key, bn, e.Message);
                    }
                }
                foreach (var r in w.Store.Advance(blocks, seen, to))
                    log.LogInformation("requests {Watch}: request {Request} in block {Block} from {Requester}, spec {Spec}{Inline}, quorum {Quorum}",
                        w.Key, r.RequestId, r.BlockNumber, r.Requester, r.SpecHash, r.Spec.Length > 0 ? $" ({r.Spec.Length} bytes inline)" : " (by hash)", r.Quorum);
            }
        }

        await PlanAsync(w, c, head, ct);
    }

    private async Task<ulong> ForkPointAsync(RequestWatch w, ulong from, CancellationToken ct)
    {
        for (ulong n = from; n > 0 && from - n < RequestStore.KeptBlocks; n--)
        {
            var stored = w.Store.BlockHash(n - 1);
            if (stored is null) return n - 1;
            var b = await w.Chain.Call(() => w.Chain.Rpc.GetBlockAsync(n - 1, ct), "eth_getBlockByNumber");
            if (b is not null && string.Equals(b.Hash, stored, StringComparison.OrdinalIgnoreCase)) return n - 1;
        }
        return from > RequestStore.KeptBlocks ? from - RequestStore.KeptBlocks : 0;
    }

    private void Forget(RequestWatch w, ulong fork, string why)
    {
        var gone = w.Store.Rewind(fork);
        log.LogWarning("requests {Watch}: reorg ({Why}): rescanning from block {Fork}; forgot {Count} request(s) seen in dropped blocks{List}",
            w.Key, why, fork + 1, gone.Count, gone.Count == 0 ? "" : ": " + string.Join(", ", gone));
        foreach (var id in gone)
            foreach (var k in w.Enqueued.Keys.Where(k => k.Id == id).ToList()) w.Enqueued.TryRemove(k, out _);
    }

    private async Task PlanAsync(RequestWatch w, RequestContract c, ulong head, CancellationToken ct)
    {
        var open = w.Store.Open().Where(r => r.BlockNumber + (ulong)w.Options.Confirmations <= head).ToList();
        if (open.Count == 0) return;
        var validators = await c.ValidatorsAsync(ct);
        foreach (var r in open)
        {
            RequestPlan plan;
            try
            {
                plan = RequestPlan.For(r, validators, w.Validator, head, c.WindowBlocks);
            }
            catch (ArgumentException e)
            {
                log.LogWarning("requests {Watch}: request {Request}: no election possible now: {Error}", w.Key, r.RequestId, e.Message);
                continue;
            }
            if (!plan.Leads) continue;
            var key = (r.RequestId, plan.Attempt);
            var now = DateTime.UtcNow;
            if (w.Enqueued.TryGetValue(key, out var when) && now - when < RetryFailedAfter) continue;
            w.Enqueued[key] = now;
            string job = jobs.Enqueue<RequestDeliveryJob>(j => j.RunAsync(w.Key, r.RequestId, plan.Attempt, CancellationToken.None));
            log.LogInformation("requests {Watch}: request {Request}: this validator is attempt {Attempt} ({Open} open at block {Head}); delivery job {Job}",
                w.Key, r.RequestId, plan.Attempt, plan.OpenAttempts, head, job);
        }
    }
}
