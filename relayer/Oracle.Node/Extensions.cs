using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Client;
using Oracle.Relayer.Options;
using Oracle.Sources;

namespace Oracle.Node;

/// <summary>Wiring of the proof node: settings, services, listeners, endpoints, and the run loop.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers the node: the <c>EnclaveClient</c>, <c>Relayer:Chains</c> and <c>Relayer:Feeds</c> settings of the
    /// relayer's file (a chain need not name a paying account; <c>Relayer:Requests</c> and the feeds' schedules are
    /// checked but not used: the node starts no schedule and no request watcher) and its own <c>Node</c> section,
    /// all checked now; the enclave client, a read-only reader per chain, the proof service, gRPC, a concurrency
    /// limit, and Kestrel listening on <c>Node:Listen</c> (HTTP/1.1 on Port, h2c on GrpcPort).
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; <see cref="OptionsValidationException.Failures"/> names each.</exception>
    public static IHostApplicationBuilder AddProofNode(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

        var catalog = SourceCatalog.CreateDefault();
        var failures = new List<string>();
        RelayerOptions relayer = new();
        EnclaveClientOptions enclave = new();
        try
        {
            (relayer, enclave) = RelayerSettings.Load(builder.Configuration, catalog, requirePayingKey: false);
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        var section = builder.Configuration.GetSection(NodeOptions.Section);
        var types = ConfigurationTypeCheck.Check(section, typeof(NodeOptions));
        failures.AddRange(types);
        var node = types.Count == 0 ? section.Get<NodeOptions>() ?? new NodeOptions() : new NodeOptions();
        if (types.Count == 0) failures.AddRange(new NodeOptionsValidator(relayer).Validate(null, node).Failures ?? []);
        if (failures.Count > 0) throw new OptionsValidationException(NodeOptions.Section, typeof(NodeOptions), failures);

        var services = builder.Services;
        services.AddSingleton(catalog);
        services.AddSingleton(relayer);
        services.AddSingleton(node);
        services.AddSingleton<IEnclaveClient>(_ => new EnclaveClient(enclave));
        services.AddHttpClient();
        services.AddSingleton<NodeFeeds>();
        services.AddSingleton<NodeChains>();
        services.AddSingleton<ProofService>();
        services.AddSingleton<NodeListeners>();
        services.AddHostedService<NodeStartup>();
        services.AddGrpc(o => o.MaxReceiveMessageSize = node.Limits.MaxRequestBodyBytes);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                var error = new NodeRequestException(429, "rate_limited",
                    $"more than {node.Limits.MaxConcurrentRequests} requests at once and {node.Limits.QueueLength} waiting (Node:Limits); try again shortly");
                context.HttpContext.Response.ContentType = "application/json";
                return new ValueTask(context.HttpContext.Response.WriteAsync(ProofJson.Error(error).ToJsonString(), ct));
            };
            o.AddConcurrencyLimiter(ProofEndpoints.LimitPolicy, c =>
            {
                c.PermitLimit = node.Limits.MaxConcurrentRequests;
                c.QueueLimit = node.Limits.QueueLength;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        services.AddOptions<KestrelServerOptions>().Configure<NodeListeners>((kestrel, listeners) =>
        {
            var address = IPAddress.Parse(node.Listen.Address);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = node.Limits.MaxRequestBodyBytes;
            kestrel.Listen(address, node.Listen.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                listeners.Http = l;
            });
            kestrel.Listen(address, node.Listen.GrpcPort, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                listeners.Grpc = l;
            });
        });
        return builder;
    }

    /// <summary>Maps the JSON API (<see cref="ProofEndpoints"/>) and the gRPC service, under the concurrency limit.</summary>
    public static WebApplication MapProofNode(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapProofEndpoints();
        app.MapGrpcService<ProofsGrpcService>().RequireRateLimiting(ProofEndpoints.LimitPolicy);
        return app;
    }

    /// <summary>
    /// Builds the node, maps its endpoints and runs it until stopped. A port in use ends it with exit code 2 and a
    /// line naming <c>Node:Listen</c> on standard error.
    /// </summary>
    /// <returns>0 after a clean shutdown, 2 when it could not start.</returns>
    public static async Task<int> RunProofNodeAsync(this WebApplicationBuilder builder)
    {
        try
        {
            await using WebApplication app = builder.Build();
            app.MapProofNode();
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (StartupFailures(e) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync("oracle node: cannot start:");
            foreach (string f in failures) await Console.Error.WriteLineAsync("  " + f);
            return 2;
        }
    }

    private static List<string> StartupFailures(Exception e) => e switch
    {
        OptionsValidationException v => [.. v.Failures],
        IOException io when io.InnerException is AddressInUseException => [$"{NodeOptions.Section}:Listen: {io.Message}"],
        AggregateException a => [.. a.InnerExceptions.SelectMany(StartupFailures)],
        _ => [],
    };
}
