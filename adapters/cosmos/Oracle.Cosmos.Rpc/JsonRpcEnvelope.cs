using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc;

/// <summary>JSON-RPC 2.0 framing as CometBFT speaks it (rpc/jsonrpc/types): requests with named parameters, answers
/// whose <c>error.data</c> is a string carrying the actual reason.</summary>
internal static class JsonRpcEnvelope
{
    public static byte[] Request(long id, string method, JsonObject parameters) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters,
        }.ToJsonString());

    /// <summary>The id of an answer when it is a number; null when absent, null or not an integer.</summary>
    public static long? Id(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n)
            ? n
            : null;

    /// <summary>The JSON-RPC error of an answer, or null when it has none (or it is not an object).</summary>
    public static (int? Code, string Message, string? Data)? Error(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        string? data = error.TryGetProperty("data", out var d) ? d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText() : null;
        return (code, message, data);
    }

    public static string Describe((int? Code, string Message, string? Data) error) =>
        $"JSON-RPC error {error.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no code)"} {error.Message}"
        + (string.IsNullOrEmpty(error.Data) ? "" : ": " + Shorten(error.Data));

    /// <summary>
    /// Checks an answer to request <paramref name="id"/> and returns its <c>result</c>.
    /// </summary>
    /// <exception cref="CometRpcException">RpcError, IdMismatch or MalformedResponse.</exception>
    public static JsonElement Result(JsonElement root, long id, string method, Uri endpoint)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: the answer is not a JSON-RPC object")
            { Method = method, Endpoint = endpoint, Field = "" };
        }
        var error = Error(root);
        var hasId = root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null;
        // A node that cannot read the request's id (parse error) answers with no id: that error is still ours.
        if (!(error is not null && !hasId) && Id(root) != id)
        {
            throw new CometRpcException(CometRpcError.IdMismatch,
                $"{method} to {endpoint}: answer id {(hasId ? Shorten(idElement.GetRawText()) : "(none)")} is not the request's id {id}")
            { Method = method, Endpoint = endpoint };
        }
        if (error is { } e)
        {
            throw new CometRpcException(CometRpcError.RpcError, $"{method} to {endpoint} failed: {Describe(e)}")
            { Method = method, Endpoint = endpoint, RpcCode = e.Code, RpcMessage = e.Message, RpcData = e.Data };
        }
        if (root.TryGetProperty("error", out var notObject) && notObject.ValueKind != JsonValueKind.Null)
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: 'error' is not an object")
            { Method = method, Endpoint = endpoint, Field = "error" };
        }
        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: 'jsonrpc' is not \"2.0\"")
            { Method = method, Endpoint = endpoint, Field = "jsonrpc" };
        }
        if (!root.TryGetProperty("result", out var result))
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: the answer has neither result nor error")
            { Method = method, Endpoint = endpoint, Field = "result" };
        }
        return result;
    }

    /// <summary>Runs a result parser, turning a missing or ill-typed field into <see cref="CometRpcError.MalformedResponse"/>.</summary>
    public static T Parse<T>(JsonElement result, Func<JsonElement, string, T> parse, string method, Uri endpoint)
    {
        try
        {
            return parse(result, "result");
        }
        catch (CometFormatException e)
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: malformed answer: {e.Message}", e)
            { Method = method, Endpoint = endpoint, Field = e.Field };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new CometRpcException(CometRpcError.MalformedResponse, $"{method} to {endpoint}: malformed answer: {e.Message}", e)
            { Method = method, Endpoint = endpoint };
        }
    }

    public static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
