using System.Text.Json.Nodes;

namespace Oracle.Sources.Tests;

public sealed class JsonPointerTests
{
    // RFC 6901 section 5.
    private const string Doc = """
        {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}
        """;

    [Theory]
    [InlineData("/foo", "[\"bar\",\"baz\"]")]
    [InlineData("/foo/0", "\"bar\"")]
    [InlineData("/", "0")]
    [InlineData("/a~1b", "1")]
    [InlineData("/c%d", "2")]
    [InlineData("/e^f", "3")]
    [InlineData("/g|h", "4")]
    [InlineData("/i\\j", "5")]
    [InlineData("/k\"l", "6")]
    [InlineData("/ ", "7")]
    [InlineData("/m~0n", "8")]
    public void Evaluate_FollowsRfc6901Examples(string pointer, string expected)
    {
        Assert.Equal(expected, JsonPointer.Evaluate(JsonNode.Parse(Doc), pointer)!.ToJsonString());
    }

    [Fact]
    public void Evaluate_ReturnsTheWholeDocument_ForTheEmptyPointer()
    {
        var root = JsonNode.Parse(Doc);
        Assert.Same(root, JsonPointer.Evaluate(root, ""));
    }

    [Theory]
    [InlineData("/foo/2")]
    [InlineData("/foo/01")]
    [InlineData("/foo/-")]
    [InlineData("/foo/0/x")]
    [InlineData("/missing")]
    [InlineData("/foo/+1")]
    public void TryEvaluate_ReturnsFalse_WhenPointerNamesNothing(string pointer)
    {
        Assert.False(JsonPointer.TryEvaluate(JsonNode.Parse(Doc), pointer, out _));
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("/m~2n")]
    [InlineData("/m~")]
    public void TryEvaluate_Throws_WhenPointerIsMalformed(string pointer)
    {
        var e = Assert.Throws<SourceException>(() => JsonPointer.TryEvaluate(JsonNode.Parse(Doc), pointer, out _));
        Assert.Equal(SourceErrorCode.PointerNotFound, e.Code);
    }

    [Theory]
    [InlineData("{\"v\":\"43000.10000\"}", "43000.1")]
    [InlineData("{\"v\":\"-0.5\"}", "-0.5")]
    [InlineData("{\"v\":43000.12}", "43000.12")]
    [InlineData("{\"v\":4.3e4}", "43000")]
    public void EvaluateDecimal_ReadsNumbersAndDecimalStrings(string json, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), JsonPointer.EvaluateDecimal(json, "/v"));
    }

    [Theory]
    [InlineData("{\"v\":\"1e3\"}")]
    [InlineData("{\"v\":\"+1\"}")]
    [InlineData("{\"v\":\"1.\"}")]
    [InlineData("{\"v\":\" 1\"}")]
    [InlineData("{\"v\":true}")]
    [InlineData("{\"v\":null}")]
    public void EvaluateDecimal_ThrowsValueNotNumber_WhenNotADecimal(string json)
    {
        Assert.Equal(SourceErrorCode.ValueNotNumber, Assert.Throws<SourceException>(() => JsonPointer.EvaluateDecimal(json, "/v")).Code);
    }
}
