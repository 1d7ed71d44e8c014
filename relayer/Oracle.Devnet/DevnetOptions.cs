namespace Oracle.Devnet;

/// <summary>How <c>./oracle devnet</c> runs.</summary>
public sealed record DevnetOptions
{
    /// <summary>Successful rounds to run before stopping; 0 runs until stopped.</summary>
    public int Rounds { get; init; }

    /// <summary>Seconds between rounds (a divisor of 60, or a multiple of 60 up to 3600).</summary>
    public int IntervalSeconds { get; init; } = 5;

    /// <summary>anvil's block time; null mines one block per transaction.</summary>
    public TimeSpan? BlockTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Rounds the feed contract keeps for getRoundData (0: only the latest).</summary>
    public int HistoryLength { get; init; }

    /// <summary>Folder for logs, certificates and the sealed enclave key of this run.</summary>
    public string WorkDir { get; init; } = "";

    /// <summary>
    /// A command (file, then arguments) that serves the exchanges in their own process and prints
    /// <c>exchange NAME https://HOST:PORT</c> lines, then <c>exchanges ready</c>
    /// (<c>oracle-cli exchanges</c>); null runs them in this process.
    /// </summary>
    public IReadOnlyList<string>? ExchangesProcess { get; init; }

    /// <summary>Attempts per round before it is logged as failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause between attempts.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest registry entry the devnet's attestation verifiers sign (default 7 days).</summary>
    public TimeSpan EntryLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How many attestation verifiers the registry trusts, and how many must sign an entry (default 2 of 3).</summary>
    public (int Count, int Threshold) Verifiers { get; init; } = (3, 2);

    /// <summary>Blocks between one request attempt's window and the next (OracleRequests.windowBlocks).</summary>
    public int WindowBlocks { get; init; } = 3;

    /// <summary>The Quartz cron expression for <see cref="IntervalSeconds"/>.</summary>
    /// <exception cref="ArgumentException">The interval cannot be written as a cron step.</exception>
    public string CronSchedule() => IntervalSeconds switch
    {
        > 0 and < 60 when 60 % IntervalSeconds == 0 => $"0/{IntervalSeconds} * * * * ?",
        >= 60 and <= 3600 when IntervalSeconds % 60 == 0 && 60 % (IntervalSeconds / 60) == 0 => $"0 0/{IntervalSeconds / 60} * * * ?",
        _ => throw new ArgumentException($"--interval {IntervalSeconds}: use a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) or 60, 120, ... minutes that divide an hour"),
    };
}
