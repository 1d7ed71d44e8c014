using System.Text.Json;
using Grpc.Core;
using Oracle.Enclave.Host.Native;
using Oracle.Enclave.V1;

namespace Oracle.Enclave.Host;

/// <summary>
/// The gRPC <c>oracle.enclave.v1.Enclave</c> service (Protos/enclave.proto) over the process's
/// <see cref="NativeEnclave"/>. Documents pass through unchanged; only their envelope is checked.
/// </summary>
/// <remarks>
/// Status codes: InvalidArgument for a request this host can tell is malformed (not JSON, a nonce
/// that is not 32 bytes); Unavailable when the enclave is closed or its backend fails; Internal when
/// the library breaks its ABI. A job that fails inside the enclave is an OK reply with ok = false.
/// </remarks>
public sealed class EnclaveService(NativeEnclave enclave, ILogger<EnclaveService> log) : V1.Enclave.EnclaveBase
{
    /// <summary>The largest execute request accepted (the enclave's own limits are smaller).</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <inheritdoc />
    public override Task<IdentityReply> Identity(IdentityRequest request, ServerCallContext context)
    {
        if (request.Nonce.Length is not (0 or 32))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"nonce: expected 32 bytes or none, got {request.Nonce.Length}"));
        byte[] nonce = request.Nonce.Length == 0 ? new byte[32] : request.Nonce.ToByteArray();
        string json = Call(() => enclave.Identity(nonce));
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            return Task.FromResult(new IdentityReply
            {
                IdentityJson = json,
                Signer = root.GetProperty("address").GetString() ?? "",
                Simulated = root.GetProperty("simulated").GetBoolean(),
                Backend = root.GetProperty("backend").GetString() ?? "",
            });
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"the enclave's identity document is malformed: {e.Message}"));
        }
    }

    /// <inheritdoc />
    public override Task<ExecuteReply> Execute(ExecuteRequest request, ServerCallContext context) =>
        Run("execute", enclave.Execute, request);

    /// <inheritdoc />
    public override Task<ExecuteReply> Endorse(ExecuteRequest request, ServerCallContext context) =>
        Run("endorse", enclave.Endorse, request);

    private async Task<ExecuteReply> Run(string call, Func<string, EnclaveExecution> ecall, ExecuteRequest request)
    {
        string json = request.RequestJson;
        CheckRequest(json);
        // One ECALL runs the whole job (up to its job_timeout_ms) and cannot be cancelled:
        // give it its own thread rather than a thread-pool worker.
        EnclaveExecution run = await Task.Factory.StartNew(
            () => Call(() => ecall(json)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        LogExecution(call, run);
        return new ExecuteReply
        {
            Ok = run.Code == 0,
            ErrorCode = run.Code,
            ErrorName = run.ErrorName,
            ResultJson = run.ResultJson,
            ElapsedMs = run.Elapsed.TotalMilliseconds,
        };
    }

    private static void CheckRequest(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "request_json: empty"));
        if (json.Length > MaxRequestBytes)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"request_json: over {MaxRequestBytes} bytes"));
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"request_json: expected an object, got {doc.RootElement.ValueKind}"));
        }
        catch (JsonException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"request_json: not valid JSON: {e.Message}"));
        }
    }

    private static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (EnclaveException e)
        {
            StatusCode code = e.Kind == EnclaveFailureKind.Internal ? StatusCode.Internal : StatusCode.Unavailable;
            throw new RpcException(new Status(code, e.Message));
        }
    }

    private void LogExecution(string call, EnclaveExecution run)
    {
        string feed = "?", round = "?", detail = "";
        try
        {
            using JsonDocument doc = JsonDocument.Parse(run.ResultJson);
            JsonElement root = doc.RootElement;
            if (root.TryGetProperty("feed_id", out JsonElement f)) feed = f.ToString();
            if (root.TryGetProperty("round", out JsonElement r)) round = r.ToString();
            if (root.TryGetProperty("error", out JsonElement e) && e.TryGetProperty("detail", out JsonElement d)) detail = d.ToString();
        }
        catch (JsonException)
        {
            detail = "result is not JSON";
        }
        if (run.Code == 0)
            log.LogInformation("{Call} feed {FeedId} round {Round} ok in {ElapsedMs:F1} ms", call, feed, round, run.Elapsed.TotalMilliseconds);
        else
            log.LogWarning("{Call} feed {FeedId} round {Round} failed {ErrorName}: {Detail} in {ElapsedMs:F1} ms",
                call, feed, round, run.ErrorName, detail, run.Elapsed.TotalMilliseconds);
    }
}
