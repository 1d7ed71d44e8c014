using System.Text.Json.Nodes;
using Oracle.Cosmos.Tx;

namespace Oracle.Cosmos.Tests.Tx;

public sealed class SortedJsonTests
{
    // Right-hand sides are what node 20 prints for JSON.stringify(JSON.parse(left)).
    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1E-7", "1e-7")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("123456789012345678901234", "1.2345678901234569e+23")]
    [InlineData("3.14159e10", "31415900000")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("2.5e-310", "2.5e-310")]
    [InlineData("1e400", "null")]
    [InlineData("-0", "0")]
    [InlineData("0.000001234", "0.000001234")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("123e-20", "1.23e-18")]
    [InlineData("0.1", "0.1")]
    [InlineData("100", "100")]
    [InlineData("-1.5e-9", "-1.5e-9")]
    public void Stringify_PrintsNumbersAsJavaScript_ForParsedNumbers(string json, string expected) =>
        Assert.Equal(expected, SortedJson.Stringify(JsonNode.Parse(json)));

    [Fact]
    public void Stringify_SortsKeysByUtf16CodeUnits_AtEveryDepth()
    {
        var node = JsonNode.Parse("""{"b":1,"a":{"z":[{"y":1,"x":2}],"B":true},"ä":null,"𝄞":0,"中":"v"}""");
        Assert.Equal("""{"a":{"B":true,"z":[{"x":2,"y":1}]},"b":1,"ä":null,"中":"v","𝄞":0}""", SortedJson.Stringify(node));
    }

    [Fact]
    public void Stringify_EscapesLikeJsonStringifyThenAmpersandAndAngleBrackets()
    {
        var node = new JsonObject { ["m"] = "a<b>&\"\\\n\t\u0001\u007f\u2028é🚀\ud800" };
        Assert.Equal("{\"m\":\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\u007f\u2028é🚀\\ud800\"}", SortedJson.Stringify(node));
    }
}
