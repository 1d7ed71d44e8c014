namespace Oracle.Sources.Templates;

/// <summary>Coinbase API v2 spot price: <c>GET /v2/prices/{base}-{quote}/spot</c> answers
/// <c>{"data":{"amount":"43000.12","base":"BTC","currency":"USD"}}</c>; the value is <c>/data/amount</c>.</summary>
public sealed class CoinbaseTemplate : SourceTemplate
{
    /// <inheritdoc />
    public override string Name => "coinbase";
    /// <inheritdoc />
    public override string Description => "Coinbase v2 spot price (string), /data/amount";
    /// <inheritdoc />
    public override string Host => "api.coinbase.com";
    /// <inheritdoc />
    public override IReadOnlyList<ParamSpec> Params { get; } =
    [
        new("base", "base currency code, e.g. BTC", true, "[A-Z0-9]{2,12}"),
        new("quote", "quote currency code, e.g. USD", true, "[A-Z0-9]{2,12}"),
    ];

    /// <inheritdoc />
    protected override Endpoint Build(IReadOnlyDictionary<string, string> p) =>
        new($"/v2/prices/{Enc(p["base"])}-{Enc(p["quote"])}/spot", "/data/amount");
}
