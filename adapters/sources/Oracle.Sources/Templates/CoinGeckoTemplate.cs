namespace Oracle.Sources.Templates;

/// <summary>CoinGecko simple price: <c>GET /api/v3/simple/price?ids={id}&amp;vs_currencies={vs}</c> answers
/// <c>{"bitcoin":{"usd":43000.12}}</c> (a JSON number); the value is <c>/{id}/{vs}</c>. An optional demo API key
/// goes in the <c>x-cg-demo-api-key</c> header.</summary>
/// <remarks>The key is part of the job and therefore public and inside the feed id; a key sealed to the enclave
/// awaits the enclave's secret decryption.</remarks>
public sealed class CoinGeckoTemplate : SourceTemplate
{
    /// <inheritdoc />
    public override string Name => "coingecko";
    /// <inheritdoc />
    public override string Description => "CoinGecko v3 simple price (number), /{id}/{vs}";
    /// <inheritdoc />
    public override string Host => "api.coingecko.com";
    /// <inheritdoc />
    public override IReadOnlyList<ParamSpec> Params { get; } =
    [
        new("id", "CoinGecko coin id, e.g. bitcoin", true, "[a-z0-9][a-z0-9-]{0,63}"),
        new("vs", "vs currency in lower case, e.g. usd", true, "[a-z]{2,10}"),
        new("api_key", "CoinGecko demo API key (sent as x-cg-demo-api-key)", false, "[A-Za-z0-9_-]{8,128}"),
    ];

    /// <inheritdoc />
    protected override Endpoint Build(IReadOnlyDictionary<string, string> p)
    {
        var id = p["id"];
        var vs = p["vs"];
        IReadOnlyList<KeyValuePair<string, string>>? headers =
            p.TryGetValue("api_key", out var key) ? [new("x-cg-demo-api-key", key)] : null;
        return new($"/api/v3/simple/price?ids={Enc(id)}&vs_currencies={Enc(vs)}", $"/{Tok(id)}/{Tok(vs)}", headers);
    }
}
