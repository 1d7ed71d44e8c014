namespace Oracle.Evm;

/// <summary>How <see cref="TransactionSender"/> sends, replaces and waits for one transaction.</summary>
public sealed record TransactionOptions
{
    /// <summary>Blocks required on top of the block that holds the transaction before it counts as final
    /// (0: the receipt is enough). The receipt's block hash is checked against the chain before returning.</summary>
    public int Confirmations { get; init; }

    /// <summary>How long a broadcast may stay unmined before it is replaced with higher fees.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many replacements (same nonce, higher fees) may be sent.</summary>
    public int MaxReplacements { get; init; } = 3;

    /// <summary>The least raise of both fee fields for a replacement, in percent (nodes require 10 to 12.5).</summary>
    public double FeeBumpPercent { get; init; } = 12.5;

    /// <summary>The pause between receipt polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait in total, from the first broadcast to a confirmed receipt.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether to run the transaction with <c>eth_call</c> first and not send it when it would revert.</summary>
    public bool Simulate { get; init; } = true;

    /// <summary>Margin added to <c>eth_estimateGas</c> when no gas limit is given, in percent.</summary>
    public int GasLimitMarginPercent { get; init; } = 20;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Confirmations < 0)
        {
            problems.Add($"{nameof(Confirmations)} must not be negative, got {Confirmations}");
        }
        if (StuckAfter <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(StuckAfter)} must be positive, got {StuckAfter}");
        }
        if (MaxReplacements < 0)
        {
            problems.Add($"{nameof(MaxReplacements)} must not be negative, got {MaxReplacements}");
        }
        if (FeeBumpPercent < 10)
        {
            problems.Add($"{nameof(FeeBumpPercent)} must be at least 10 (nodes refuse smaller replacements), got {FeeBumpPercent}");
        }
        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(PollInterval)} must be positive, got {PollInterval}");
        }
        if (ReceiptTimeout <= PollInterval)
        {
            problems.Add($"{nameof(ReceiptTimeout)} ({ReceiptTimeout}) must exceed {nameof(PollInterval)} ({PollInterval})");
        }
        if (GasLimitMarginPercent is < 0 or > 1000)
        {
            problems.Add($"{nameof(GasLimitMarginPercent)} must be 0..1000, got {GasLimitMarginPercent}");
        }
        return problems;
    }
}
