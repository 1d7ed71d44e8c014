using System.Text.Json.Nodes;

namespace Oracle.Sources.Tests;

public sealed class JcsTests
{
    // RFC 8785 appendix B and section 3.2.2.3, plus ECMAScript boundary cases.
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(-9007199254740992.0, "-9007199254740992")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(999999999999999900000.0, "999999999999999900000")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    [InlineData(4.5, "4.5")]
    [InlineData(0.002, "0.002")]
    [InlineData(1e-27, "1e-27")]
    [InlineData(1e30, "1e+30")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(43000.12, "43000.12")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    public void EcmaNumber_MatchesNumberPrototypeToString(double value, string expected)
    {
        Assert.Equal(expected, Jcs.EcmaNumber(value));
    }

    [Fact]
    public void EcmaNumber_WritesNegativeZeroAsZero() => Assert.Equal("0", Jcs.EcmaNumber(-0.0));

    [Fact]
    public void Canonicalize_SortsKeysByUtf16CodeUnits_AsRfc8785Section3233()
    {
        var o = JsonNode.Parse("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
        var keys = JsonNode.Parse(Jcs.CanonicalizeToString(o))!.AsObject().Select(p => p.Value!.GetValue<string>());
        Assert.Equal(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"], keys);
    }

    [Fact]
    public void Canonicalize_EscapesStringsLikeJsonStringify()
    {
        var s = JsonValue.Create("\u20ac$\u000f\nA'B\"\\\\\"/\u0001\u001f\u007f\ud800x");
        Assert.Equal("\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\\u0001\\u001f\u007f\\ud800x\"", Jcs.CanonicalizeToString(s));
    }

    [Fact]
    public void Canonicalize_WritesRfc8785Example()
    {
        var o = JsonNode.Parse("{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}");
        Assert.Equal("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            Jcs.CanonicalizeToString(o));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("9007199254740993")]
    [InlineData("-9007199254740993")]
    public void Canonicalize_RefusesWhatTheEnclaveRefuses_WhenIntegersOnly(string number)
    {
        var e = Assert.Throws<SourceException>(() => Jcs.Canonicalize(JsonNode.Parse("{\"n\":" + number + "}"), integersOnly: true));
        Assert.Equal(SourceErrorCode.NotCanonicalizable, e.Code);
    }

    [Fact]
    public void Keccak256_MatchesKnownVectors()
    {
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Convert.ToHexStringLower(FeedId.Keccak256([])));
        Assert.Equal("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", Convert.ToHexStringLower(FeedId.Keccak256("abc"u8)));
    }
}
