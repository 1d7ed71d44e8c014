using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>
/// A WireMock.Net server on 127.0.0.1 that answers JSON-RPC POSTs on "/" the way a CometBFT 0.38 node does:
/// <c>{"jsonrpc":"2.0","id":&lt;the request's id&gt;,"result":...}</c> with HTTP 200, the result chosen per method.
/// Every request body is kept for the tests to check.
/// </summary>
internal sealed class CometNodeStub : IDisposable
{
    private readonly WireMockServer _server;
    private readonly Dictionary<string, Func<JsonObject, string>> _answers = [];
    private readonly List<JsonObject> _requests = [];
    private readonly Lock _lock = new();

    public CometNodeStub()
    {
        var port = FreePort();
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        // Not _server.Url: WireMock reports "localhost".
        Url = new Uri($"http://127.0.0.1:{port}/");
        _server.Given(Request.Create().WithPath("/").UsingPost()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(request => Answer(request.Body ?? "")));
    }

    public Uri Url { get; }

    public WireMockServer Server => _server;

    /// <summary>The JSON-RPC requests received, in order.</summary>
    public IReadOnlyList<JsonObject> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Answers <paramref name="method"/> with a result built from the request's params.</summary>
    public void OnResult(string method, Func<JsonObject, string> result) =>
        On(method, request => Envelope(request["id"]!.ToJsonString(), result(request["params"]?.AsObject() ?? [])));

    /// <summary>Answers <paramref name="method"/> with a whole raw body built from the request.</summary>
    public void On(string method, Func<JsonObject, string> body)
    {
        lock (_lock)
        {
            _answers[method] = body;
        }
    }

    /// <summary>Answers every POST with this status, headers and raw body (and an optional delay), before any method handler.</summary>
    public void RespondRaw(int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }
        _server.Given(Request.Create().WithPath("/").UsingPost()).AtPriority(1).RespondWith(response);
    }

    public CometRpcClient Client(Action<CometRpcOptions>? configure = null)
    {
        var options = new CometRpcOptions { BaseUri = Url, Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new CometRpcClient(new HttpClient(), options);
    }

    public static string Envelope(string id, string resultJson) => $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{resultJson}}}";

    public static string ErrorEnvelope(string id, int code, string message, string data) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":{code},\"message\":{JsonSerializer.Serialize(message)},\"data\":{JsonSerializer.Serialize(data)}}}}}";

    private string Answer(string body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException)
        {
            return ErrorEnvelope("null", -32700, "Parse error. Invalid JSON", "unreadable request");
        }
        Func<JsonObject, string>? answer;
        lock (_lock)
        {
            _requests.Add(request);
            _answers.TryGetValue(request["method"]?.GetValue<string>() ?? "", out answer);
        }
        return answer is null ? ErrorEnvelope(request["id"]!.ToJsonString(), -32601, "Method not found", "") : answer(request);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
