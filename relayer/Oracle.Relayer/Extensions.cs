using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Client;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Options;
using Oracle.Sources;
using Hangfire;
using Oracle.Relayer.Requests;
using Quartz;

namespace Oracle.Relayer;

/// <summary>Registers the relayer in a generic host.</summary>
public static class Extensions
{
    /// <summary>
    /// Adds the relayer: options from the <c>Relayer</c> section (checked now, so that bad settings stop
    /// the start with every failure named), the enclave client (section <c>EnclaveClient</c>), one endpoint per
    /// chain, and a Quartz job per feed on its cron schedule.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; the message names each. A value
    /// that does not convert to its setting's type (e.g. <c>"ChainId": "abc"</c>) is reported on its own, before the
    /// other checks of its section.</exception>
    public static IHostApplicationBuilder AddRelayer(this IHostApplicationBuilder builder)
    {
        var catalog = SourceCatalog.CreateDefault();
        var (options, enclaveOptions) = RelayerSettings.Load(builder.Configuration, catalog);

        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IValidateOptions<RelayerOptions>>(new RelayerOptionsValidator(catalog));
        builder.Services.AddOptions<RelayerOptions>().BindConfiguration(RelayerOptions.Section).ValidateOnStart();

        // The chains are polled several times a second (receipts, the request watcher): one line per HTTP
        // request would bury what the relayer says. Failures still show (Warning and above).
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddSingleton<IEnclaveClient>(_ => new EnclaveClient(enclaveOptions));
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(sp => new ChainRegistry(options.Chains.Select(c => (IChainEndpoint)new EvmChainEndpoint(
            c, sp.GetRequiredService<IHttpClientFactory>().CreateClient($"chain:{c.Name}"), sp.GetRequiredService<ILogger<EvmChainEndpoint>>()))));
        builder.Services.AddSingleton<FeedCatalog>();
        builder.Services.TryAddSingleton(new RoundLimit(0));
        builder.Services.AddSingleton<FeedRoundRunner>();
        builder.Services.AddHostedService<RelayerStartupCheck>();

        if (options.Requests.Count > 0)
        {
            // The request path (DESIGN.md section 7): the watcher decides what is due, one Hangfire job per
            // (request, attempt) sees it through. Hangfire's storage is in memory: after a restart the open
            // requests are re-derived from the SQLite store and the chain.
            builder.Services.AddSingleton(sp => new RequestWatches(options.Requests.Select(r => new RequestWatch(r,
                (EvmChainEndpoint)sp.GetRequiredService<ChainRegistry>().Get(r.Chain),
                p => new EnclaveClient(new EnclaveClientOptions
                {
                    Endpoint = p.Endpoint, CaCertificatePath = p.CaCertificatePath, PinnedSha256 = p.PinnedSha256, Timeout = enclaveOptions.Timeout,
                })))));
            builder.Services.AddTransient<RequestDeliveryJob>();
            builder.Services.AddHangfire(c => c.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseInMemoryStorage());
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = 4;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerName = $"relayer-{Environment.ProcessId}";
            });
            builder.Services.AddHostedService<RequestWatcher>();
        }

        builder.Services.AddQuartz(q =>
        {
            foreach (var f in options.Feeds)
            {
                var key = new JobKey($"feed:{f.Name}");
                q.AddJob<FeedRoundJob>(j => j.WithIdentity(key).UsingJobData(FeedRoundJob.FeedKey, f.Name));
                q.AddTrigger(t => t.ForJob(key).WithIdentity($"feed:{f.Name}:cron")
                    .WithCronSchedule(f.Schedule, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
