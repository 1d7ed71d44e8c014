using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oracle.Devnet;
using Oracle.Relayer;
using Oracle.Sources;

namespace Oracle.Cli;

/// <summary>The .NET side of <c>./oracle</c>: devnet, relayer, sources.</summary>
internal static class Commands
{
    private const string Usage = """
        usage: oracle-cli COMMAND [ARGS]   (normally run through ./oracle)

        commands:
          devnet [--rounds N] [--interval S] [--json] [--history N] [--block-time S] [--work DIR]
                 [--requests N] [--window B]
              everything on this machine: anvil, a local HTTPS exchange per source template
              (certificates from the devnet CA, prices that move), the enclave host (sim backend),
              the contracts deployed and the enclave registered, then the relayer running feed
              rounds with live progress until stopped (Ctrl+C) or N rounds are done.
                --rounds N       stop after N submitted rounds (default: run until stopped)
                --interval S     seconds between rounds, a divisor of 60 (default 5)
                --json           one JSON object per round on standard output; progress on standard error
                --history N      past rounds the feed keeps for getRoundData (default 0: the latest only;
                                 each kept round costs about 22,100 gas the first time, 5,200 after)
                --block-time S   anvil's block time in seconds (default 1; 0: a block per transaction)
                --work DIR       logs, certificates and the sealed key (default .oracle/devnet/run-TIME)
                --requests N     also make N on-demand requests (OracleRequests, the feed's job inline),
                                 one every 2 s, and print each one's request-to-fulfilment latency in blocks
                --window B       blocks between one request attempt's window and the next (default 3)
              The devnet always deploys OracleRequests and an ExampleRequester, and its relayer
              answers requests for its validator (relayer.json, section Relayer:Requests).
          relayer --config FILE
              the relayer on its own, configured by FILE (see appsettings.json, section Relayer)
          exchanges
              only the devnet's local HTTPS exchanges (certificates from the devnet CA), printing
              where each listens; runs until its standard input closes or Ctrl+C
          sources [--json]
              the source catalog: adapters and their parameters
        """ + "\n" + AttestCommand.Usage + "\n" + EnclaveCommand.Usage + "\n" + NodeCommand.Usage + "\n" + ProofCommand.Usage + "\n" + """
          help
              this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }
        try
        {
            var rest = args.Skip(1).ToList();
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.WriteLine(Usage);
                return 0;
            }
            return args[0] switch
            {
                "devnet" => await DevnetAsync(new Args("devnet", rest, new HashSet<string> { "--json" },
                    new HashSet<string> { "--rounds", "--interval", "--history", "--block-time", "--work", "--requests", "--window" })),
                "relayer" => await RelayerAsync(new Args("relayer", rest, new HashSet<string>(), new HashSet<string> { "--config" })),
                "exchanges" => await ExchangesAsync(new Args("exchanges", rest, new HashSet<string>(), new HashSet<string>())),
                "attest" => await AttestCommand.RunAsync(rest),
                "enclave" => await EnclaveCommand.RunAsync(rest),
                "node" => await NodeCommand.RunAsync(rest),
                "proof" => await ProofCommand.RunAsync(rest),
                "sources" => Sources(new Args("sources", rest, new HashSet<string> { "--json" }, new HashSet<string>())),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"oracle: {e.Message} (try --help)");
            return 2;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine("oracle: bad configuration:");
            foreach (var f in e.Failures) Console.Error.WriteLine($"  {f}");
            return 2;
        }
    }

    private static async Task<int> DevnetAsync(Args a)
    {
        var paths = RepoPaths.Find();
        double blockTime = a.GetSeconds("--block-time", 1, 0, 60);
        var options = new DevnetOptions
        {
            Rounds = a.GetInt("--rounds", 0, 0, 1_000_000),
            IntervalSeconds = a.GetInt("--interval", 5, 1, 3600),
            HistoryLength = a.GetInt("--history", 0, 0, 32_767),
            WindowBlocks = a.GetInt("--window", 3, 1, 1000),
            BlockTime = blockTime == 0 ? null : TimeSpan.FromSeconds(blockTime),
            WorkDir = Path.GetFullPath(a.Get("--work") ?? Path.Combine(paths.Root, ".oracle", "devnet", $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}")),
            // The exchanges run in their own process, so that the relayer CPU time per round that the
            // progress lines show is the relayer's alone.
            ExchangesProcess = ["dotnet", typeof(Commands).Assembly.Location, "exchanges"],
        };
        try
        {
            options.CronSchedule();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"devnet: {e.Message}");
        }
        bool json = a.Has("--json");
        var info = json ? Console.Error : Console.Out;
        int requests = a.GetInt("--requests", 0, 0, 100_000);

        using var cts = new CancellationTokenSource();
        void Stop(PosixSignalContext c)
        {
            c.Cancel = true;
            if (!cts.IsCancellationRequested) info.WriteLine($"stopping ({c.Signal}) ...");
            cts.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        info.WriteLine($"devnet: work folder {options.WorkDir}");
        LocalDevnet devnet;
        try
        {
            devnet = await LocalDevnet.StartAsync(options, paths, line => info.WriteLine(line), cts.Token);
        }
        catch (Exception e) when (e is FileNotFoundException or TimeoutException or InvalidOperationException or IOException
                                       or Oracle.Enclave.Client.EnclaveClientException or Oracle.Evm.EvmException)
        {
            Console.Error.WriteLine($"oracle devnet: could not start: {e.Message}");
            return 1;
        }
        await using (devnet)
        {
            string relayerConfig = Path.Combine(options.WorkDir, "relayer.json");
            devnet.WriteRelayerConfig(relayerConfig);
            info.WriteLine($"config    {relayerConfig} (./oracle relayer --config {relayerConfig} runs a relayer against this devnet)");
            var progress = new DevnetProgress(Console.Out, json, options.Rounds);
            using var logs = new FileLoggerProvider(Path.Combine(options.WorkDir, "relayer.log"), line => info.WriteLine($"  relayer: {line}"));
            using var host = devnet.BuildRelayer(progress, l => l.AddProvider(logs), maxRounds: options.Rounds, renewEntry: true);
            info.WriteLine($"relayer   feed {LocalDevnet.FeedName} every {options.IntervalSeconds} s ('{options.CronSchedule()}'); log {Path.Combine(options.WorkDir, "relayer.log")}");
            info.WriteLine(options.Rounds > 0 ? $"running {options.Rounds} round(s) ..." : "running until stopped (Ctrl+C) ...");
            await host.StartAsync(cts.Token);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(cts.Cancel);
            var requestRun = requests > 0 ? RunRequestsAsync(devnet, requests, json, info, cts.Token) : Task.FromResult(true);
            bool ok;
            try
            {
                ok = await progress.Done.Task.WaitAsync(cts.Token);
                ok &= await requestRun.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                ok = true;
            }
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stop.Token);
            info.WriteLine(progress.Summary());
            if (!ok) Console.Error.WriteLine("oracle devnet: too many failed rounds in a row; see relayer.log and enclave-host.log in the work folder");
            return ok ? 0 : 1;
        }
    }

    /// <summary>
    /// <c>--requests N</c>: N on-demand requests through the devnet's ExampleRequester, one every two seconds,
    /// each line giving the request and fulfilment blocks; then the latency median in blocks.
    /// </summary>
    private static async Task<bool> RunRequestsAsync(LocalDevnet devnet, int count, bool json, TextWriter info, CancellationToken ct)
    {
        var runner = new DevnetRequests(devnet);
        var latencies = new List<ulong>();
        int missed = 0;
        for (int i = 1; i <= count && !ct.IsCancellationRequested; i++)
        {
            var r = await runner.RunOneAsync(i, TimeSpan.FromSeconds(60), ct);
            if (r.LatencyBlocks is { } l) latencies.Add(l);
            else missed++;
            if (json)
                Console.Out.WriteLine(new System.Text.Json.Nodes.JsonObject
                {
                    ["type"] = "request", ["index"] = r.Index, ["request_id"] = r.RequestId, ["request_block"] = r.RequestBlock,
                    ["fulfilled_block"] = r.FulfilledBlock, ["latency_blocks"] = r.LatencyBlocks, ["ok"] = r.Ok, ["value"] = r.Value.ToString(CultureInfo.InvariantCulture),
                }.ToJsonString());
            else
                Console.Out.WriteLine(r.FulfilledBlock is null
                    ? $"request {r.Index,4}  {r.RequestId[..18]}…  block {r.RequestBlock}: NOT fulfilled within 60 s"
                    : $"request {r.Index,4}  {r.RequestId[..18]}…  block {r.RequestBlock} -> fulfilled in block {r.FulfilledBlock} ({r.LatencyBlocks} block(s)), value {r.Value}{(r.Ok ? "" : " (error report)")}");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        latencies.Sort();
        if (latencies.Count > 0)
            info.WriteLine($"requests  {latencies.Count} fulfilled, {missed} not; request-to-fulfilment latency p50 {latencies[(latencies.Count - 1) / 2]} block(s), max {latencies[^1]}");
        return missed == 0;
    }

    private static async Task<int> ExchangesAsync(Args a)
    {
        _ = a;
        var paths = RepoPaths.Find();
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(paths.DevCa.Cert, paths.DevCa.Key);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var servers = await DevExchanges.StartAsync(ca, SourceCatalog.CreateDefault(), LocalDevnet.Sources.Select(s => s.Adapter), cts.Token);
        try
        {
            foreach (var x in servers) Console.WriteLine($"exchange {x.Exchange} https://{x.Host}:{x.Port}");
            Console.WriteLine("exchanges ready");
            Console.Out.Flush();
            var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
            await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, cts.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            return 0;
        }
        finally
        {
            foreach (var x in servers) await x.DisposeAsync();
        }
    }

    private static async Task<int> RelayerAsync(Args a)
    {
        string config = a.Get("--config") ?? throw new UsageException("relayer: --config FILE is required");
        if (!File.Exists(config)) throw new UsageException($"relayer: --config {config}: file not found");
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetDirectoryName(Path.GetFullPath(config)) });
        try
        {
            b.Configuration.AddJsonFile(Path.GetFullPath(config), optional: false);
        }
        catch (InvalidDataException e)
        {
            var inner = e;
            Exception cause = e;
            while (cause.InnerException is not null) cause = cause.InnerException;
            Console.Error.WriteLine($"oracle relayer: {config}: {inner.Message} {(ReferenceEquals(cause, e) ? "" : cause.Message)}");
            return 2;
        }
        // Relative paths in the file (key file, CA certificate) are relative to the file.
        Directory.SetCurrentDirectory(b.Environment.ContentRootPath);
        b.AddRelayer();
        using var host = b.Build();
        await host.RunAsync();
        return 0;
    }

    private static int Sources(Args a)
    {
        var catalog = SourceCatalog.CreateDefault();
        if (a.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(catalog.Templates.Select(t => new
            {
                name = t.Name, description = t.Description,
                @params = t.Params.Select(p => new { name = p.Name, description = p.Description, required = p.Required, pattern = p.Pattern }),
            })));
            return 0;
        }
        foreach (var t in catalog.Templates)
        {
            Console.WriteLine($"{t.Name}: {t.Description}");
            foreach (var p in t.Params) Console.WriteLine($"    {p.Name}{(p.Required ? "" : " (optional)")}: {p.Description}");
        }
        return 0;
    }
}
