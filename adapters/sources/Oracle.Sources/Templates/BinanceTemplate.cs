namespace Oracle.Sources.Templates;

/// <summary>Binance spot symbol price ticker: <c>GET /api/v3/ticker/price?symbol={symbol}</c> answers
/// <c>{"symbol":"BTCUSDT","price":"43000.12000000"}</c>; the value is <c>/price</c>.</summary>
public sealed class BinanceTemplate : SourceTemplate
{
    /// <inheritdoc />
    public override string Name => "binance";
    /// <inheritdoc />
    public override string Description => "Binance v3 ticker price (string), /price";
    /// <inheritdoc />
    public override string Host => "api.binance.com";
    /// <inheritdoc />
    public override IReadOnlyList<ParamSpec> Params { get; } =
    [
        new("symbol", "Binance symbol, e.g. BTCUSDT", true, "[A-Z0-9]{4,20}"),
    ];

    /// <inheritdoc />
    protected override Endpoint Build(IReadOnlyDictionary<string, string> p) =>
        new($"/api/v3/ticker/price?symbol={Enc(p["symbol"])}", "/price");
}
