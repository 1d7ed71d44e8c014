using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Oracle.Node;

/// <summary>The node's two listeners, as Kestrel bound them (port 0 becomes the port it got).</summary>
public sealed class NodeListeners
{
    internal ListenOptions? Http { get; set; }

    internal ListenOptions? Grpc { get; set; }

    /// <summary>The JSON API's base URL, once the node has started.</summary>
    public Uri HttpUrl => Url(Http);

    /// <summary>The gRPC service's base URL (h2c), once the node has started.</summary>
    public Uri GrpcUrl => Url(Grpc);

    private static Uri Url(ListenOptions? l) =>
        l?.IPEndPoint is { Port: > 0 } ep ? new Uri($"http://{ep}") : throw new InvalidOperationException("the node has not started");
}

/// <summary>
/// Once Kestrel listens, prints the lines a script or a parent process waits for on standard output:
/// <code>
/// node feed BTC/USD 0x5a01... (8 decimals)
/// node listening on http://127.0.0.1:7380
/// node grpc listening on http://127.0.0.1:7381 (h2c)
/// </code>
/// </summary>
public sealed class NodeStartup(NodeListeners listeners, NodeFeeds feeds, NodeChains chains, IHostApplicationLifetime lifetime) : IHostedService
{
    /// <summary>The prefix of the line that carries the JSON API's URL.</summary>
    public const string ListeningPrefix = "node listening on ";

    /// <summary>The prefix of the line that carries the gRPC URL.</summary>
    public const string GrpcListeningPrefix = "node grpc listening on ";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var f in feeds.All) Console.Out.WriteLine($"node feed {f.Name} {f.FeedIdHex} ({f.Decimals} decimals)");
            foreach (var c in chains.All)
                Console.Out.WriteLine($"node chain {c.Name} id {c.ChainId} {c.Rpc.Endpoint}{(c.Registry is { } r ? $" registry {r}" : " (no registry: verify requests must name one)")}");
            Console.Out.WriteLine(ListeningPrefix + listeners.HttpUrl.ToString().TrimEnd('/'));
            Console.Out.WriteLine(GrpcListeningPrefix + listeners.GrpcUrl.ToString().TrimEnd('/') + " (h2c)");
            Console.Out.Flush();
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
