using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>One attribute of an ABCI event. CometBFT 0.38 sends key and value as plain strings (not base64).</summary>
/// <param name="Key">The attribute key (omitempty: empty when absent).</param>
/// <param name="Value">The attribute value.</param>
/// <param name="Index">Whether the node indexes it.</param>
public sealed record EventAttribute(string Key, string Value, bool Index)
{
    internal static EventAttribute Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new EventAttribute(OptString(e, "key", path), OptString(e, "value", path), OptBool(e, "index", path));
    }
}

/// <summary>An ABCI event: <c>{"type":"transfer","attributes":[{"key":"amount","value":"5stake","index":true}]}</c>.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Attributes">Its attributes, in order.</param>
public sealed record AbciEvent(string Type, IReadOnlyList<EventAttribute> Attributes)
{
    internal static AbciEvent Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new AbciEvent(OptString(e, "type", path), Array(e, "attributes", path, EventAttribute.Parse, optional: true));
    }

    /// <summary>The value of the first attribute named <paramref name="key"/>, or null.</summary>
    public string? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key)?.Value;
}
