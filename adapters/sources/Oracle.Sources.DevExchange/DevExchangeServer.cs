using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Oracle.Sources.DevExchange.Apis;

namespace Oracle.Sources.DevExchange;

/// <summary>A local HTTPS stand-in for one public price API (devnet and tests): serves the API's paths on
/// 127.0.0.1 with bodies shaped like the real API's, prices from a <see cref="PriceModel"/> that move with time,
/// and records every response it sends.</summary>
/// <remarks>Kestrel, HTTP/1.1 only, TLS with the given certificate (which should name <see cref="Host"/>); Kestrel
/// adds the <c>Date</c> header the enclave requires. Clients reach it by resolving <see cref="Host"/> to 127.0.0.1
/// and using <see cref="Port"/>, e.g. the enclave's <c>--resolve HOST:PORT:127.0.0.1</c>.</remarks>
public sealed class DevExchangeServer : IAsyncDisposable
{
    private readonly ExchangeApi _api;
    private readonly X509Certificate2 _certificate;
    private readonly int _requestedPort;
    private readonly PriceModel _prices;
    private readonly TimeProvider _time;
    private readonly List<ServedQuote> _served = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private decimal? _fixedPrice;
    private volatile int _mode;

    /// <summary>Creates the server (not yet listening).</summary>
    /// <param name="template">The source template to impersonate: coinbase, kraken, binance, bitstamp or coingecko.</param>
    /// <param name="certificate">The server certificate with its private key (see <see cref="DevCertificates.IssueLeaf"/>).</param>
    /// <param name="port">The port on 127.0.0.1, or 0 for a free one.</param>
    /// <param name="prices">The price model (default: <see cref="PriceModel.DefaultUsdPrices"/>).</param>
    /// <param name="time">The clock the prices follow (default: the system clock).</param>
    /// <exception cref="ArgumentException">An unknown template, a certificate without a private key, or a bad port.</exception>
    public DevExchangeServer(string template, X509Certificate2 certificate, int port = 0, PriceModel? prices = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("the certificate needs its private key", nameof(certificate));
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _api = ExchangeApi.For(template);
        _certificate = certificate;
        _requestedPort = port;
        _prices = prices ?? new PriceModel();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The template (exchange) name.</summary>
    public string Exchange => _api.Name;

    /// <summary>The host name of the real API this server impersonates (e.g. api.coinbase.com).</summary>
    public string Host => _api.Host;

    /// <summary>The port it listens on (valid after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>How requests are answered; may change while running.</summary>
    public DevExchangeMode Mode
    {
        get => (DevExchangeMode)_mode;
        set => _mode = (int)value;
    }

    /// <summary>Every response sent so far, in order (a snapshot).</summary>
    public IReadOnlyList<ServedQuote> Served
    {
        get
        {
            lock (_gate) return _served.ToArray();
        }
    }

    /// <summary>Switches between <see cref="DevExchangeMode.Normal"/> and <see cref="DevExchangeMode.Http503"/>.</summary>
    public void SetDown(bool down) => Mode = down ? DevExchangeMode.Http503 : DevExchangeMode.Normal;

    /// <summary>Serves <paramref name="price"/> for every known pair instead of the model (rounded to the API's
    /// format), or the model again when null.</summary>
    public void SetFixedPrice(decimal? price)
    {
        lock (_gate) _fixedPrice = price;
    }

    /// <summary>The price the model gives this exchange for a pair at a time (before the API's rounding).</summary>
    public decimal ModelPrice(string asset, string quote, long unixSeconds) => _prices.Price(asset, quote, Exchange, unixSeconds);

    /// <summary>Starts listening on 127.0.0.1.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("already started");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, _requestedPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(_certificate);
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    /// <summary>Stops listening; stalled requests are released first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = _app;
        if (app is null) return;
        _app = null;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = _time.GetUtcNow();
        var path = context.Request.Path.Value + context.Request.QueryString.Value;
        switch (Mode)
        {
            case DevExchangeMode.Stall:
                Record(new ServedQuote(now, path, 0, null));
                using (var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                context.Abort();
                return;
            case DevExchangeMode.Http503:
                Record(new ServedQuote(now, path, 503, null));
                await Write(context, 503, "text/plain; charset=utf-8", "Service Unavailable").ConfigureAwait(false);
                return;
        }
        var unix = now.ToUnixTimeSeconds();
        decimal? fixedPrice;
        lock (_gate) fixedPrice = _fixedPrice;
        decimal? Price(string asset, string quote) =>
            !_prices.Knows(asset) || !_prices.Knows(quote) || asset == quote ? null
            : fixedPrice ?? _prices.Price(asset, quote, Exchange, unix);
        var response = context.Request.Method == HttpMethods.Get
            ? _api.Respond(context.Request.Path.Value ?? "/", context.Request.Query, Price, now)
            : new ApiResponse(405, "{\"error\":\"method not allowed\"}", null);
        Record(new ServedQuote(now, path, response.Status, response.Value));
        await Write(context, response.Status, "application/json; charset=utf-8", response.Body).ConfigureAwait(false);
    }

    private void Record(ServedQuote quote)
    {
        lock (_gate) _served.Add(quote);
    }

    private static Task Write(HttpContext context, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
