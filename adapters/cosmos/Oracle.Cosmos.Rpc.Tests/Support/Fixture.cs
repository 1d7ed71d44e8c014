using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>The hand-written CometBFT 0.38 answers in Fixtures/ (the <c>result</c> object of each method).</summary>
internal static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));

    public static JsonObject Object(string name) => JsonNode.Parse(Text(name))!.AsObject();
}
