using System.Text.Json;
using Google.Protobuf;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>Reads cosmos/ics23 test data in place from ../shared/vectors/ics23/testdata (never copied).</summary>
internal static class TestData
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        string path = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "vectors", "ics23", "testdata"));
        if (!System.IO.Directory.Exists(path))
            throw new InvalidOperationException("ics23 vectors not found at " + path);
        return path;
    }

    public static JsonElement Load(string relative) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relative))).RootElement;

    /// <summary>A protobuf message from Go's JSON of it (snake_case names, enum numbers, base64 bytes).</summary>
    public static T Message<T>(JsonElement element) where T : IMessage<T>, new() =>
        element.ValueKind == JsonValueKind.Null ? new T() : Parser.Parse<T>(element.GetRawText());

    /// <summary>Property lookup ignoring case, as Go's encoding/json does.</summary>
    public static JsonElement Get(JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                return p.Value;
        return default;
    }

    /// <summary>Base64 bytes, or empty for null/absent.</summary>
    public static byte[] Bytes(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? Convert.FromBase64String(e.GetString()!) : [];

    public static bool Bool(JsonElement e) => e.ValueKind == JsonValueKind.True;

    public static IEnumerable<string> Names(string file) =>
        Load(file).EnumerateObject().Select(p => p.Name);

    public sealed record Vector(ProofSpec Spec, byte[] Key, byte[] Value, byte[] Root, byte[] Proof);

    public static ProofSpec SpecFor(string store) => store switch
    {
        "iavl" => ProofSpecs.Iavl,
        "tendermint" => ProofSpecs.Tendermint,
        "smt" => ProofSpecs.Smt,
        _ => throw new ArgumentException(store),
    };

    public static Vector LoadVector(string store, string file)
    {
        var json = Load(Path.Combine(store, file + ".json"));
        return new Vector(SpecFor(store),
            Convert.FromHexString(json.GetProperty("key").GetString()!),
            Convert.FromHexString(json.GetProperty("value").GetString()!),
            Convert.FromHexString(json.GetProperty("root").GetString()!),
            Convert.FromHexString(json.GetProperty("proof").GetString()!));
    }

    public static readonly string[] Stores = ["iavl", "tendermint", "smt"];
    public static readonly string[] Positions = ["left", "middle", "right"];
}
