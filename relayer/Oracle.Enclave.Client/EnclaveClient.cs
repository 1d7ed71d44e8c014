using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Oracle.Enclave.V1;

namespace Oracle.Enclave.Client;

/// <summary>
/// <see cref="IEnclaveClient"/> over gRPC (HTTP/2 over TLS), the server certificate checked against
/// <see cref="EnclaveClientOptions.CaCertificatePath"/> and/or <see cref="EnclaveClientOptions.PinnedSha256"/>.
/// </summary>
/// <remarks>Thread-safe. Dispose it to close its connections.</remarks>
public sealed class EnclaveClient : IEnclaveClient, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly V1.Enclave.EnclaveClient _grpc;
    private readonly ServerCertificateCheck _check;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a client from validated options (the DI path, <see cref="Extensions.AddEnclaveClient"/>).</summary>
    public EnclaveClient(IOptions<EnclaveClientOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>Creates a client.</summary>
    /// <exception cref="OptionsValidationException">A setting is wrong (each failure names it).</exception>
    public EnclaveClient(EnclaveClientOptions options)
    {
        ValidateOptionsResult valid = new EnclaveClientOptionsValidator().Validate(null, options);
        if (valid.Failed) throw new OptionsValidationException(EnclaveClientOptions.SectionName, typeof(EnclaveClientOptions), valid.Failures);

        Endpoint = options.Endpoint!;
        _timeout = options.Timeout;
        _check = new ServerCertificateCheck(options);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = _check.Validate;
        _channel = GrpcChannel.ForAddress(Endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
            MaxReceiveMessageSize = 8 * 1024 * 1024,
        });
        _grpc = new V1.Enclave.EnclaveClient(_channel);
    }

    /// <inheritdoc />
    public Uri Endpoint { get; }

    /// <inheritdoc />
    public async Task<EnclaveIdentity> IdentityAsync(ReadOnlyMemory<byte> nonce = default, CancellationToken cancellationToken = default)
    {
        if (nonce.Length is not (0 or 32)) throw new ArgumentException($"nonce must be 32 bytes or empty, not {nonce.Length}", nameof(nonce));
        IdentityReply reply = await Call(() => _grpc.IdentityAsync(
            new IdentityRequest { Nonce = ByteString.CopyFrom(nonce.Span) }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync);
        try
        {
            EnclaveIdentity identity = EnclaveIdentity.Parse(reply.IdentityJson);
            if (!string.Equals(identity.Signer, reply.Signer, StringComparison.OrdinalIgnoreCase))
                throw new JsonException($"reply signer {reply.Signer} differs from the document's {identity.Signer}");
            return identity;
        }
        catch (JsonException e)
        {
            throw new EnclaveClientException(EnclaveClientErrorKind.Protocol, Endpoint, $"identity document unreadable: {e.Message}", inner: e);
        }
    }

    /// <inheritdoc />
    public Task<ExecuteResult> ExecuteAsync(JsonObject executeRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executeRequest);
        return ExecuteAsync(executeRequest.ToJsonString(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ExecuteResult> ExecuteAsync(string executeRequestJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executeRequestJson);
        ExecuteReply reply = await Call(() => _grpc.ExecuteAsync(
            new ExecuteRequest { RequestJson = executeRequestJson }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync);
        return ReadResult(reply);
    }

    /// <inheritdoc />
    public Task<ExecuteResult> EndorseAsync(JsonObject endorseRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endorseRequest);
        return EndorseAsync(endorseRequest.ToJsonString(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ExecuteResult> EndorseAsync(string endorseRequestJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endorseRequestJson);
        ExecuteReply reply = await Call(() => _grpc.EndorseAsync(
            new ExecuteRequest { RequestJson = endorseRequestJson }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync);
        return ReadResult(reply);
    }

    /// <summary>Closes the channel.</summary>
    public void Dispose() => _channel.Dispose();

    private ExecuteResult ReadResult(ExecuteReply reply)
    {
        try
        {
            ExecuteResult result = ExecuteResult.Parse(reply.ResultJson) with { Endpoint = Endpoint };
            if (result.Ok != reply.Ok)
                throw new JsonException($"reply says ok={reply.Ok} but the result document says ok={result.Ok}");
            return result;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new EnclaveClientException(EnclaveClientErrorKind.Protocol, Endpoint,
                $"result document unreadable ({reply.ErrorName}): {e.Message}", inner: e);
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + _timeout;

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw Translate(e);
        }
    }

    private EnclaveClientException Translate(RpcException e)
    {
        if (FindTlsFailure(e.Status.DebugException) is { } tls)
        {
            string why = _check.LastFailure ?? tls.Message;
            return new EnclaveClientException(EnclaveClientErrorKind.Tls, Endpoint, $"TLS: the host's certificate was refused: {why}", inner: e);
        }
        (EnclaveClientErrorKind kind, string what) = e.StatusCode switch
        {
            StatusCode.Unavailable => (EnclaveClientErrorKind.Unavailable, "unavailable"),
            StatusCode.DeadlineExceeded => (EnclaveClientErrorKind.Timeout, $"no answer within {_timeout.TotalSeconds:0.###} s"),
            StatusCode.InvalidArgument => (EnclaveClientErrorKind.InvalidRequest, "request refused"),
            _ => (EnclaveClientErrorKind.Protocol, $"call failed ({e.StatusCode})"),
        };
        string detail = e.Status.Detail;
        if (e.Status.DebugException is { } debug) detail = $"{detail} ({Innermost(debug).Message})";
        return new EnclaveClientException(kind, Endpoint, $"{what}: {detail}", inner: e);
    }

    private static AuthenticationException? FindTlsFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is AuthenticationException a) return a;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
