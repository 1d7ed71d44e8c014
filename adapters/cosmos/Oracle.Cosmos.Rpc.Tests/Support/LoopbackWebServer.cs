using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (random port) standing in for a CometBFT node's <c>/websocket</c>: each connection
/// runs a script given its number (0 for the first), so tests can close, refuse or misbehave per connection.
/// It can also serve an endless chunked body on "/" for the size-limit test.
/// </summary>
internal sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private LoopbackWebServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every JSON-RPC request received over any WebSocket connection, in order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>How many WebSocket connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static async Task<LoopbackWebServer> StartAsync(Func<int, WebSocket, LoopbackWebServer, CancellationToken, Task>? script = null, bool endlessBody = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackWebServer(app);
        app.UseWebSockets();
        if (script is not null)
        {
            app.Map("/websocket", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var index = Interlocked.Increment(ref server._connections) - 1;
                try
                {
                    await script(index, socket, server, context.RequestAborted);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                    // The client went away.
                }
            });
        }
        if (endlessBody)
        {
            app.MapPost("/", async context =>
            {
                context.Response.ContentType = "application/json";
                var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                await context.Response.Body.WriteAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pad\":\""u8.ToArray(), context.RequestAborted);
                try
                {
                    // Bounded so that a client that never stops cannot hang the test run: 64 MiB at most.
                    for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        Interlocked.Add(ref server._bytesServed, chunk.Length);
                        // Paced, so that the bytes written when the client gives up say how far it read.
                        await Task.Delay(2, context.RequestAborted);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // The client stopped reading.
                }
            });
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    private long _bytesServed;

    /// <summary>Bytes of the endless body written so far.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public CometRpcOptions Options(Action<CometRpcOptions>? configure = null)
    {
        var options = new CometRpcOptions
        {
            BaseUri = BaseUri,
            Timeout = TimeSpan.FromSeconds(3),
            ReconnectAttempts = 3,
            ReconnectBackoff = TimeSpan.FromMilliseconds(20),
            ReconnectBackoffMax = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Reads one JSON-RPC request, records it and returns it.</summary>
    public async Task<JsonObject> ReadRequestAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new OperationCanceledException("client closed");
            }
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                break;
            }
        }
        var request = JsonNode.Parse(message.ToArray())!.AsObject();
        Requests.Enqueue(request);
        return request;
    }

    public static Task SendAsync(WebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads the subscribe request and confirms it the way CometBFT does (<c>"result":{}</c>); returns its id.</summary>
    public async Task<string> AcceptSubscribeAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var request = await ReadRequestAsync(socket, cancellationToken);
        var id = request["id"]!.ToJsonString();
        await SendAsync(socket, CometNodeStub.Envelope(id, "{}"), cancellationToken);
        return id;
    }

    /// <summary>Closes the connection from the server side, as a node that stops does.</summary>
    public static Task CloseAsync(WebSocket socket, CancellationToken cancellationToken) =>
        socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "node stopping", cancellationToken);

    /// <summary>Keeps the connection open until the client goes away or the server stops.</summary>
    public static async Task HoldAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
