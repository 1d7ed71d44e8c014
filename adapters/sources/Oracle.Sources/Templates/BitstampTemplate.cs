namespace Oracle.Sources.Templates;

/// <summary>Bitstamp API v2 ticker: <c>GET /api/v2/ticker/{pair}/</c> answers
/// <c>{"timestamp":"..","open":"..","high":"..","low":"..","last":"43000",...}</c>; the value is <c>/last</c>.</summary>
public sealed class BitstampTemplate : SourceTemplate
{
    /// <inheritdoc />
    public override string Name => "bitstamp";
    /// <inheritdoc />
    public override string Description => "Bitstamp v2 ticker last price (string), /last";
    /// <inheritdoc />
    public override string Host => "www.bitstamp.net";
    /// <inheritdoc />
    public override IReadOnlyList<ParamSpec> Params { get; } =
    [
        new("pair", "Bitstamp market symbol in lower case, e.g. btcusd", true, "[a-z0-9]{4,20}"),
    ];

    /// <inheritdoc />
    protected override Endpoint Build(IReadOnlyDictionary<string, string> p) =>
        new($"/api/v2/ticker/{Enc(p["pair"])}/", "/last");
}
