namespace Oracle.Ibc.Tendermint;

/// <summary>Where the light client gets blocks from: a full node's RPC, a store, a test's list.</summary>
public interface ILightBlockSource
{
    /// <summary>The light block at <paramref name="height"/>, with its next validator set.</summary>
    /// <exception cref="TendermintException">The source's answer did not decode (its <see cref="TendermintException.Error"/>
    /// becomes the bisection's result).</exception>
    /// <remarks>Any other exception (transport, cancellation) is the source's and propagates to the caller.</remarks>
    ValueTask<LightClientBlock> GetLightBlockAsync(long height, CancellationToken cancellationToken);
}

/// <summary>Outcome of <see cref="Bisection.VerifyToHeightAsync"/>.</summary>
/// <param name="Result"><see cref="TendermintResult.Ok"/> when the target verified, else the failure that stopped the run.</param>
/// <param name="Trace">The trusted block followed by every block verified on the way, ending with the target on success.</param>
/// <param name="Bisections">How many pivot blocks were fetched because a step had not enough trust.</param>
/// <param name="FailedFrom">On failure, the height verified from (the last trusted block).</param>
/// <param name="FailedTo">On failure, the height whose verification failed.</param>
public sealed record BisectionResult(TendermintResult Result, IReadOnlyList<LightClientBlock> Trace, int Bisections, long FailedFrom, long FailedTo)
{
    /// <summary>The highest verified block (the target on success).</summary>
    public LightClientBlock Latest => Trace[^1];
}

/// <summary>
/// Skipping verification with bisection (CometBFT <c>light.Client.verifySkipping</c>): try the target from the
/// latest verified block; on <see cref="Verdict.NotEnoughTrust"/> fetch the block halfway between them and try
/// that first; on success move up to it and try the target again.
/// </summary>
public static class Bisection
{
    /// <summary>Verifies the block at <paramref name="targetHeight"/> from <paramref name="trusted"/>.</summary>
    /// <param name="trusted">A verified block with its next validator set.</param>
    /// <param name="targetHeight">The height to reach; above the trusted height.</param>
    /// <param name="source">Where blocks come from.</param>
    /// <param name="options">Trust level, trusting period, clock drift and the time of verification.</param>
    /// <param name="cancellationToken">Stops the run between fetches.</param>
    /// <returns>The verified trace, the number of bisections, and the result.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <remarks>Exceptions of the source other than <see cref="TendermintException"/> propagate.</remarks>
    public static async Task<BisectionResult> VerifyToHeightAsync(LightClientBlock trusted, long targetHeight, ILightBlockSource source,
        LightClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var trace = new List<LightClientBlock> { trusted };
        var bisections = 0;
        BisectionResult Fail(TendermintResult r, long from, long to) => new(r, trace, bisections, from, to);

        if (targetHeight <= trusted.Height)
            return Fail(new(TendermintError.TargetNotAfterTrusted, $"target {targetHeight} is not above the trusted height {trusted.Height}"), trusted.Height, targetHeight);
        TrustedState trustedState;
        try
        {
            trustedState = TrustedState.FromBlock(trusted);
        }
        catch (TendermintException e)
        {
            return Fail(e.ToResult(), trusted.Height, targetHeight);
        }

        var (target, fetchFailure) = await FetchAsync(source, targetHeight, cancellationToken).ConfigureAwait(false);
        if (target is null)
            return Fail(fetchFailure, trusted.Height, targetHeight);

        // cache[0] is the target; deeper entries are ever lower pivots still to verify.
        var cache = new List<LightClientBlock> { target };
        var depth = 0;
        var verified = trusted;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = cache[depth];
            var result = LightClient.Verify(trustedState, candidate, options);
            if (result.IsOk)
            {
                trace.Add(candidate);
                if (depth == 0)
                    return new(TendermintResult.Ok, trace, bisections, 0, 0);
                verified = candidate;
                if (verified.NextValidators is null)
                    return Fail(new(TendermintError.MissingField, $"block {verified.Height} has no next validator set"), verified.Height, verified.Height);
                trustedState = TrustedState.FromBlock(verified);
                cache.RemoveRange(depth, cache.Count - depth);
                depth = 0;
                continue;
            }
            if (!result.Error.ShouldBisect())
                return Fail(result, verified.Height, candidate.Height);
            if (depth == cache.Count - 1)
            {
                var pivotHeight = verified.Height + (candidate.Height - verified.Height) / 2;
                if (pivotHeight <= verified.Height || pivotHeight >= candidate.Height)
                    return Fail(new(TendermintError.BisectionExhausted, $"no height between {verified.Height} and {candidate.Height}: {result.Message}"), verified.Height, candidate.Height);
                var (pivot, failure) = await FetchAsync(source, pivotHeight, cancellationToken).ConfigureAwait(false);
                if (pivot is null)
                    return Fail(failure, verified.Height, pivotHeight);
                cache.Add(pivot);
                bisections++;
            }
            depth++;
        }
    }

    private static async Task<(LightClientBlock? Block, TendermintResult Failure)> FetchAsync(ILightBlockSource source, long height, CancellationToken ct)
    {
        LightClientBlock block;
        try
        {
            block = await source.GetLightBlockAsync(height, ct).ConfigureAwait(false);
        }
        catch (TendermintException e)
        {
            return (null, e.ToResult());
        }
        if (block is null)
            return (null, new(TendermintError.MissingField, $"source returned no block for height {height}"));
        if (block.Height != height)
            return (null, new(TendermintError.SourceHeightMismatch, $"asked for height {height}, got {block.Height}"));
        return (block, TendermintResult.Ok);
    }
}
