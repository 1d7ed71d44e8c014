namespace Oracle.Relayer.Feeds;

/// <summary>
/// Stops scheduled rounds after a number of successful ones (<c>./oracle devnet --rounds N</c>, tests).
/// 0 means no limit, the default for a relayer node.
/// </summary>
public sealed class RoundLimit
{
    private int succeeded;

    /// <summary>Creates the limit.</summary>
    public RoundLimit(int maxSuccessfulRounds) => Max = maxSuccessfulRounds;

    /// <summary>Successful rounds after which no round starts; 0: no limit.</summary>
    public int Max { get; }

    /// <summary>Whether the limit is reached, so no further round may start.</summary>
    public bool Reached => Max > 0 && Volatile.Read(ref succeeded) >= Max;

    /// <summary>Counts a successful round.</summary>
    public void Succeeded() => Interlocked.Increment(ref succeeded);
}
