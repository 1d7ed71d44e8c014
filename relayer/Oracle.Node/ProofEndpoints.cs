using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Oracle.Evm;

namespace Oracle.Node;

/// <summary>
/// The HTTP/1.1 JSON API:
/// <c>GET /v1/feeds</c>, <c>GET /v1/proofs/{feedId}?chainId=..&amp;contract=..</c> (JSON, or the raw proof with
/// <c>Accept: application/octet-stream</c>) and <c>POST /v1/proofs/verify</c>. Errors are <c>{"error", "code", "parameter"?}</c>.
/// </summary>
public static class ProofEndpoints
{
    /// <summary>The rate limiter policy every endpoint (and the gRPC service) runs under.</summary>
    public const string LimitPolicy = "node";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapProofEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/feeds", (NodeFeeds feeds) => Json(new JsonObject
        {
            ["feeds"] = new JsonArray(feeds.All.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name, ["feedId"] = f.FeedIdHex, ["decimals"] = f.Decimals,
            }).ToArray()),
        }));

        app.MapGet("/v1/proofs/{feedId}", (string feedId, HttpContext http, ProofService proofs) => Guard(async () =>
        {
            var q = http.Request.Query;
            var served = await proofs.GetAsync(feedId, q["chainId"], q["contract"], http.RequestAborted);
            return WantsBytes(http.Request)
                ? Results.Bytes(served.Report.Proof, "application/octet-stream")
                : Json(ProofJson.Served(served));
        })).RequireRateLimiting(LimitPolicy);

        app.MapPost("/v1/proofs/verify", (HttpContext http, ProofService proofs, NodeOptions options) => Guard(async () =>
        {
            var body = await ReadBodyAsync(http.Request, options.Limits.MaxRequestBodyBytes);
            var verdict = await proofs.VerifyAsync(ParseVerify(body), http.RequestAborted);
            return Json(ProofJson.Verdict(verdict));
        })).RequireRateLimiting(LimitPolicy);
        return app;
    }

    /// <summary>Turns a <see cref="NodeRequestException"/> (and a body Kestrel refused) into its JSON answer.</summary>
    private static async Task<IResult> Guard(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (NodeRequestException e)
        {
            return Json(ProofJson.Error(e), e.Status);
        }
        catch (BadHttpRequestException e)
        {
            return Json(ProofJson.Error(new NodeRequestException(e.StatusCode, e.StatusCode == 413 ? "body_too_large" : "bad_request", e.Message)), e.StatusCode);
        }
    }

    private static IResult Json(JsonObject o, int status = 200) => Results.Text(o.ToJsonString(), "application/json", System.Text.Encoding.UTF8, status);

    private static bool WantsBytes(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="NodeRequestException">413 past the limit.</exception>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit)
    {
        NodeRequestException TooLarge() => new(413, "body_too_large", $"the body is larger than {limit} bytes (Node:Limits:MaxRequestBodyBytes)");
        if (request.ContentLength > limit) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limit) throw TooLarge();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// <c>{"proof": "0x..", "chainId": N, "contract": "0x..", "maxAge"?: S, "feedId"?: "0x..", "registry"?: "0x.."}</c>;
    /// chainId and maxAge as JSON numbers or decimal strings.
    /// </summary>
    /// <exception cref="NodeRequestException">400 naming the field, or saying the body is not a JSON object.</exception>
    internal static VerifyInput ParseVerify(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new NodeRequestException(400, "bad_request", $"the body is not JSON: {e.Message}");
        }
        if (root is not JsonObject o) throw new NodeRequestException(400, "bad_request", "the body is not a JSON object {\"proof\", \"chainId\", \"contract\", ...}");
        string? Text(string name)
        {
            bool numeric = name is "chainId" or "maxAge";
            return o[name] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when numeric && v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                var n => throw NodeRequestException.BadParameter(name, $"expected a string{(numeric ? " or a number" : "")}, got {n.GetValueKind()}"),
            };
        }
        string proofText = Text("proof") ?? throw NodeRequestException.BadParameter("proof", "required (the compact proof as 0x hex)");
        byte[] proof;
        try
        {
            proof = Hex.Decode(proofText.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? proofText : "0x" + proofText);
        }
        catch (FormatException)
        {
            throw NodeRequestException.BadParameter("proof", "not hex");
        }
        ulong chainId = ProofService.ParseChainId(Text("chainId"));
        string? contract = Text("contract") ?? throw NodeRequestException.BadParameter("contract", "required (the consumer's address)");
        ulong? maxAge = Text("maxAge") is { } m
            ? ulong.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : throw NodeRequestException.BadParameter("maxAge", $"'{m}' is not a whole number of seconds")
            : null;
        return new VerifyInput(proof, chainId, contract, maxAge, Text("feedId"), Text("registry"));
    }
}
