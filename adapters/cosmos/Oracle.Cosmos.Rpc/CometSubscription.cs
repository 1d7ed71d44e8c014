using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc;

/// <summary>
/// A subscription to a CometBFT event query over <c>/websocket</c>. Enumerate it (once) for the events in the order
/// the node sends them.
/// </summary>
/// <remarks>
/// When the connection drops or the node cancels the subscription, it reconnects and subscribes again after
/// <see cref="CometRpcOptions.ReconnectBackoff"/> (doubling up to <see cref="CometRpcOptions.ReconnectBackoffMax"/>), at
/// most <see cref="CometRpcOptions.ReconnectAttempts"/> times in a row; then the enumeration throws
/// <see cref="CometRpcError.SubscriptionLost"/>. Events emitted while disconnected are missed: the caller fills the gap
/// (e.g. with <see cref="CometRpcClient.BlockAsync"/>). Cancelling the enumeration's token ends it with an
/// <see cref="OperationCanceledException"/>; <see cref="UnsubscribeAsync"/> ends it normally.
/// </remarks>
public sealed class CometSubscription : IAsyncEnumerable<CometEvent>, IAsyncDisposable
{
    private const string SubscribeMethod = "subscribe";
    private readonly CometRpcOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Queue<CometEvent> _early = new();
    private ClientWebSocket? _socket;
    private long _nextId;
    private long _subscribeId;
    private long _unsubscribeId = -1;
    private int _enumerated;
    private bool _disposed;

    private CometSubscription(CometRpcOptions options, string query)
    {
        _options = options;
        Query = query;
        Endpoint = WebSocketUri(options.BaseUri!);
    }

    /// <summary>The event query subscribed to.</summary>
    public string Query { get; }

    /// <summary>The WebSocket URL (<c>ws://host:port/websocket</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>How many times the subscription was re-established since it opened.</summary>
    public int Reconnects { get; private set; }

    internal static async Task<CometSubscription> OpenAsync(CometRpcOptions options, string query, CancellationToken cancellationToken)
    {
        var subscription = new CometSubscription(options, query);
        try
        {
            await subscription.ConnectAndSubscribeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return subscription;
    }

    /// <summary>Asks the node to end the subscription (<c>unsubscribe</c> with the query); the enumeration ends
    /// normally once the node confirms (or the connection closes).</summary>
    /// <exception cref="CometRpcException">The request could not be sent.</exception>
    public async Task UnsubscribeAsync(CancellationToken cancellationToken = default)
    {
        var socket = _socket;
        if (socket is null || socket.State != WebSocketState.Open)
        {
            _unsubscribeId = long.MaxValue;
            return;
        }
        var id = Interlocked.Increment(ref _nextId);
        Interlocked.Exchange(ref _unsubscribeId, id);
        await SendAsync(socket, id, "unsubscribe", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The events, in order. Can be enumerated once.</summary>
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    public IAsyncEnumerator<CometEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A subscription can be enumerated once.");
        }
        return ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    /// <summary>Closes the connection (without waiting for the node).</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        DropSocket();
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<CometEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = 0;
        CometRpcException? lastError = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_early.TryDequeue(out var early))
            {
                failures = 0;
                yield return early;
            }
            if (Interlocked.Read(ref _unsubscribeId) == long.MaxValue)
            {
                yield break;
            }
            if (_socket is null)
            {
                if (failures >= _options.ReconnectAttempts)
                {
                    throw new CometRpcException(CometRpcError.SubscriptionLost,
                        $"subscription '{Query}' at {Endpoint} lost; {failures} reconnect attempt(s) in a row failed (CometRpc:ReconnectAttempts {_options.ReconnectAttempts})"
                        + (lastError is null ? "" : $": {lastError.Message}"), lastError)
                    { Method = SubscribeMethod, Endpoint = Endpoint };
                }
                await Task.Delay(Backoff(failures), cancellationToken).ConfigureAwait(false);
                failures++;
                try
                {
                    await ConnectAndSubscribeAsync(cancellationToken).ConfigureAwait(false);
                    Reconnects++;
                }
                catch (CometRpcException e) when (e.IsRetryable)
                {
                    lastError = e;
                    DropSocket();
                }
                continue;
            }

            CometEvent? item = null;
            var ended = false;
            try
            {
                using var document = await ReceiveAsync(_socket, cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                var id = JsonRpcEnvelope.Id(root);
                if (id is { } unsubscribe && unsubscribe == Interlocked.Read(ref _unsubscribeId))
                {
                    JsonRpcEnvelope.Result(root, unsubscribe, "unsubscribe", Endpoint);
                    ended = true;
                }
                else if (id == _subscribeId)
                {
                    item = EventOrNull(root);
                }
            }
            catch (CometRpcException e) when (e.IsRetryable)
            {
                if (_disposed || Interlocked.Read(ref _unsubscribeId) >= 0)
                {
                    // Closed by us, or by the node after our unsubscribe: the end, not a loss.
                    ended = true;
                }
                else
                {
                    // The connection dropped or the node cancelled the subscription (-32000 "subscription was canceled").
                    lastError = e;
                    DropSocket();
                }
            }
            if (ended)
            {
                DropSocket();
                yield break;
            }
            if (item is not null)
            {
                failures = 0;
                yield return item;
            }
        }
    }

    /// <summary>The event in an answer to our subscribe request, or null for the subscribe confirmation.</summary>
    private CometEvent? EventOrNull(JsonElement root)
    {
        var result = JsonRpcEnvelope.Result(root, _subscribeId, SubscribeMethod, Endpoint);
        if (result.ValueKind == JsonValueKind.Object && !result.EnumerateObject().Any())
        {
            return null;
        }
        return JsonRpcEnvelope.Parse(result, CometEvent.Parse, SubscribeMethod, Endpoint);
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        DropSocket();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var socket = new ClientWebSocket();
        _socket = socket;
        try
        {
            await socket.ConnectAsync(Endpoint, timeout.Token).ConfigureAwait(false);
            var id = Interlocked.Increment(ref _nextId);
            _subscribeId = id;
            await SendAsync(socket, id, SubscribeMethod, timeout.Token).ConfigureAwait(false);
            while (true)
            {
                using var document = await ReceiveAsync(socket, timeout.Token).ConfigureAwait(false);
                if (JsonRpcEnvelope.Id(document.RootElement) != id)
                {
                    continue;
                }
                if (EventOrNull(document.RootElement) is { } early)
                {
                    _early.Enqueue(early);
                    continue;
                }
                return;
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Error(CometRpcError.Timeout, $"no subscription within {_options.Timeout.TotalSeconds:0.###} s (CometRpc:Timeout)", e);
        }
        catch (WebSocketException e)
        {
            throw Error(CometRpcError.Transport, $"cannot connect: {e.Message}", e);
        }
    }

    private async Task SendAsync(ClientWebSocket socket, long id, string method, CancellationToken cancellationToken)
    {
        var request = JsonRpcEnvelope.Request(id, method, new JsonObject { ["query"] = Query });
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw Error(CometRpcError.Transport, $"cannot send {method}: {e.Message}", e, method);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads one whole message of at most <see cref="CometRpcOptions.MaxResponseBytes"/> and parses it.</summary>
    private async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult received;
                try
                {
                    received = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    throw Error(CometRpcError.Transport, $"connection lost: {e.Message}", e);
                }
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw Error(CometRpcError.Transport, $"the node closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})");
                }
                if (buffer.Length + received.Count > max)
                {
                    throw Error(CometRpcError.ResponseTooLarge, $"a message passed CometRpc:MaxResponseBytes {max}; reading stopped");
                }
                buffer.Write(chunk, 0, received.Count);
                if (received.EndOfMessage)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw Error(CometRpcError.MalformedJson, $"a message is not JSON ({e.Message})", e);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = _options.ReconnectBackoff * Math.Pow(2, Math.Min(failures, 30));
        return delay > _options.ReconnectBackoffMax ? _options.ReconnectBackoffMax : delay;
    }

    private void DropSocket()
    {
        var socket = Interlocked.Exchange(ref _socket, null);
        if (socket is not null)
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    private CometRpcException Error(CometRpcError error, string detail, Exception? inner = null, string method = SubscribeMethod) =>
        new(error, $"{method} '{Query}' at {Endpoint}: {detail}", inner) { Method = method, Endpoint = Endpoint };

    private static Uri WebSocketUri(Uri baseUri)
    {
        var builder = new UriBuilder(baseUri)
        {
            Scheme = baseUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        builder.Path = builder.Path.TrimEnd('/') + "/websocket";
        return builder.Uri;
    }
}
