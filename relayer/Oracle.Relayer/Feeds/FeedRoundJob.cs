using Microsoft.Extensions.Logging;
using Quartz;

namespace Oracle.Relayer.Feeds;

/// <summary>
/// The Quartz job of one feed: one round per trigger. Rounds of the same feed never overlap;
/// a trigger that fires while a round is still running waits for it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class FeedRoundJob : IJob
{
    /// <summary>Job data key holding the feed name.</summary>
    public const string FeedKey = "feed";

    private readonly FeedCatalog feeds;
    private readonly FeedRoundRunner runner;
    private readonly RoundLimit limit;
    private readonly ILogger<FeedRoundJob> log;

    /// <summary>Creates the job (Quartz resolves it from DI per execution).</summary>
    public FeedRoundJob(FeedCatalog feeds, FeedRoundRunner runner, RoundLimit limit, ILogger<FeedRoundJob> log)
    {
        this.feeds = feeds;
        this.runner = runner;
        this.limit = limit;
        this.log = log;
    }

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        string name = context.MergedJobDataMap.GetString(FeedKey) ?? "";
        if (limit.Reached) return;
        try
        {
            var outcome = await runner.RunRoundAsync(feeds.Get(name), cancellationToken);
            if (outcome.Ok) limit.Succeeded();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogInformation("feed {Feed}: round cancelled by shutdown; the next start carries on from the chain's state", name);
        }
    }
}
