using System.Text.Json.Nodes;

namespace Oracle.Sources.Tests;

/// <summary>Each template's pointer, evaluated on a response shaped as the API documents it.</summary>
public sealed class FixtureParsingTests
{
    private static readonly SourceCatalog Catalog = SourceCatalog.CreateDefault();

    [Theory]
    [InlineData("coinbase-spot-BTC-USD.json", "coinbase", new[] { "base=BTC", "quote=USD" }, "43000.12")]
    [InlineData("kraken-ticker-XBTUSD.json", "kraken", new[] { "pair=XBTUSD" }, "43000.1")]
    [InlineData("kraken-ticker-ETHUSD.json", "kraken", new[] { "pair=ETHUSD" }, "3001.24")]
    [InlineData("binance-ticker-price-BTCUSDT.json", "binance", new[] { "symbol=BTCUSDT" }, "43000.12")]
    [InlineData("bitstamp-ticker-btcusd.json", "bitstamp", new[] { "pair=btcusd" }, "43000")]
    [InlineData("coingecko-simple-price-bitcoin-usd.json", "coingecko", new[] { "id=bitcoin", "vs=usd" }, "43000.12")]
    public void Pointer_YieldsTheDocumentedPrice_OnTheFixture(string fixture, string adapter, string[] parameters, string expected)
    {
        var source = Catalog.BuildSource(SourceTemplateTests.Request(adapter, parameters));
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
        var value = JsonPointer.EvaluateDecimal(body, (string)source["pointer"]!);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Pointer_ThrowsPointerNotFound_WhenKrakenResultKeyIsWrong()
    {
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kraken-ticker-XBTUSD.json"));
        var e = Assert.Throws<SourceException>(() => JsonPointer.EvaluateDecimal(body, "/result/XBTUSD/c/0"));
        Assert.Equal(SourceErrorCode.PointerNotFound, e.Code);
    }

    [Fact]
    public void EvaluateDecimal_ThrowsValueNotNumber_WhenPointerNamesAnArray()
    {
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kraken-ticker-XBTUSD.json"));
        var e = Assert.Throws<SourceException>(() => JsonPointer.EvaluateDecimal(body, "/result/XXBTZUSD/c"));
        Assert.Equal(SourceErrorCode.ValueNotNumber, e.Code);
    }

    [Fact]
    public void Fixtures_CarryTheDocumentedFieldSets()
    {
        JsonNode Load(string f) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", f)))!;
        Assert.Equal(["a", "b", "c", "v", "p", "t", "l", "h", "o"], Load("kraken-ticker-XBTUSD.json")["result"]!["XXBTZUSD"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["timestamp", "open", "high", "low", "last", "volume", "vwap", "bid", "ask", "side", "open_24", "percent_change_24", "market_type"],
            Load("bitstamp-ticker-btcusd.json").AsObject().Select(p => p.Key));
        Assert.Equal(["amount", "base", "currency"], Load("coinbase-spot-BTC-USD.json")["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["symbol", "price"], Load("binance-ticker-price-BTCUSDT.json").AsObject().Select(p => p.Key));
    }
}
