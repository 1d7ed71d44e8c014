using System.Numerics;
using System.Text.Json;

namespace Oracle.Enclave.Client;

/// <summary>
/// The enclave's result document for one execute or endorse request (enclave-tls/README.md, "The result"), parsed.
/// Fields the enclave writes only for a successful job are null when <see cref="Ok"/> is false (and
/// <see cref="FeedId"/>/<see cref="Round"/> also when the job did not parse), except in an error report
/// (<see cref="ErrorReport"/>), which carries the report fields and signed reports beside its error.
/// </summary>
public sealed record ExecuteResult
{
    /// <summary>True when the job produced signed reports (for an endorse request: when the enclave endorsed).</summary>
    public required bool Ok { get; init; }

    /// <summary>
    /// True for an endorse request's result that signed the leader's report: <see cref="Value"/>, <see cref="Data"/>,
    /// <see cref="ObservedAt"/> and <see cref="SourcesHash"/> are the leader's, <see cref="OwnValue"/> and the others
    /// this enclave's own, and <see cref="Sources"/> its own transcript.
    /// </summary>
    public bool Endorsed { get; init; }

    /// <summary>
    /// True when <see cref="Ok"/> is false but the enclave still signed one report per target: the job of an on-chain
    /// request (a job_text with a non-zero request id) was refused as written (a 1xx error). Those reports carry
    /// value 0, data = the error's stable name as UTF-8, observedAt = the chain time, and sourcesHash =
    /// <see cref="ErrorMarker"/>.
    /// </summary>
    public bool ErrorReport { get; init; }

    /// <summary>An error report's sourcesHash: keccak256("AttestedOracle/error/v1"), 0x hex.</summary>
    public const string ErrorMarker = "0xae6ea57a9d71c42abb69fdb39b030d6e056b5ef93016de44cd16700ee06bad03";

    /// <summary>True for the sim backend (protects nothing).</summary>
    public required bool Simulated { get; init; }

    /// <summary>"sim" or "openenclave".</summary>
    public required string Backend { get; init; }

    /// <summary>0x address of the enclave key that signed (or would have signed) the reports.</summary>
    public required string Signer { get; init; }

    /// <summary>keccak256(JCS(job)), 0x hex.</summary>
    public string? FeedId { get; init; }

    /// <summary>The request id, 0x hex (zero for scheduled rounds).</summary>
    public string? RequestId { get; init; }

    /// <summary>The feed round.</summary>
    public ulong? Round { get; init; }

    /// <summary>"int256" or "bytes".</summary>
    public string? ResultType { get; init; }

    /// <summary>The aggregated value scaled by 10^<see cref="Decimals"/> (int256 results).</summary>
    public BigInteger? Value { get; init; }

    /// <summary>Decimals of <see cref="Value"/>.</summary>
    public int? Decimals { get; init; }

    /// <summary>The agreed bytes (bytes results; empty for int256).</summary>
    public byte[]? Data { get; init; }

    /// <summary>Median of the successful sources' Date headers, unix seconds.</summary>
    public ulong? ObservedAt { get; init; }

    /// <summary>The chain time the job was judged at, unix seconds.</summary>
    public ulong? ChainTime { get; init; }

    /// <summary>The EIP-712 sourcesHash committing to every source, 0x hex.</summary>
    public string? SourcesHash { get; init; }

    /// <summary>The endorsing enclave's own value (endorse results).</summary>
    public BigInteger? OwnValue { get; init; }

    /// <summary>The endorsing enclave's own bytes (endorse results).</summary>
    public byte[]? OwnData { get; init; }

    /// <summary>The endorsing enclave's own observedAt, unix seconds (endorse results).</summary>
    public ulong? OwnObservedAt { get; init; }

    /// <summary>One signed report per target; empty when not <see cref="Ok"/>, unless <see cref="ErrorReport"/>.</summary>
    public IReadOnlyList<SignedReport> Reports { get; init; } = [];

    /// <summary>The per-source transcript, in job order (empty when the job did not parse).</summary>
    public IReadOnlyList<SourceOutcome> Sources { get; init; } = [];

    /// <summary>Why the job failed; null when <see cref="Ok"/>.</summary>
    public EnclaveJobError? Error { get; init; }

    /// <summary>The document verbatim.</summary>
    public required string RawJson { get; init; }

    /// <summary>The enclave host that produced it (set by <see cref="EnclaveClient"/>).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Returns this result when <see cref="Ok"/>; otherwise throws its error.</summary>
    /// <exception cref="EnclaveClientException">Kind <see cref="EnclaveClientErrorKind.Enclave"/>, with <see cref="Error"/>.</exception>
    public ExecuteResult EnsureOk()
    {
        if (Ok) return this;
        EnclaveJobError error = Error ?? new EnclaveJobError(0, "unknown", "the enclave gave no error");
        throw new EnclaveClientException(EnclaveClientErrorKind.Enclave, Endpoint ?? new Uri("unknown:"),
            $"job for feed {FeedId ?? "?"} round {Round?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} failed: {error.Name} ({error.Code}): {error.Detail}", error);
    }

    /// <summary>Parses a result document.</summary>
    /// <exception cref="JsonException">Not a result document.</exception>
    public static ExecuteResult Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement r = doc.RootElement;
        return new ExecuteResult
        {
            Ok = Json.Required(r, "ok").GetBoolean(),
            Endorsed = Json.Optional(r, "endorsed")?.GetBoolean() ?? false,
            ErrorReport = Json.Optional(r, "error_report")?.GetBoolean() ?? false,
            Simulated = Json.Required(r, "simulated").GetBoolean(),
            Backend = Json.RequiredString(r, "backend"),
            Signer = Json.RequiredString(r, "signer"),
            FeedId = Json.OptionalString(r, "feed_id"),
            RequestId = Json.OptionalString(r, "request_id"),
            Round = Json.OptionalUInt64(r, "round"),
            ResultType = Json.OptionalString(r, "result_type"),
            Value = Json.OptionalInteger(r, "value"),
            Decimals = Json.Optional(r, "decimals")?.GetInt32(),
            Data = Json.OptionalString(r, "data") is { } d ? Json.Hex(d, "data") : null,
            ObservedAt = Json.OptionalUInt64(r, "observed_at"),
            ChainTime = Json.OptionalUInt64(r, "chain_time"),
            SourcesHash = Json.OptionalString(r, "sources_hash"),
            OwnValue = Json.OptionalInteger(r, "own_value"),
            OwnData = Json.OptionalString(r, "own_data") is { } od ? Json.Hex(od, "own_data") : null,
            OwnObservedAt = Json.OptionalUInt64(r, "own_observed_at"),
            Reports = Json.Optional(r, "reports") is { } reports ? [.. reports.EnumerateArray().Select(SignedReport.Parse)] : [],
            Sources = Json.Optional(r, "sources") is { } sources ? [.. sources.EnumerateArray().Select(SourceOutcome.Parse)] : [],
            Error = EnclaveJobError.ParseOptional(r),
            RawJson = json,
        };
    }
}

/// <summary>One EIP-712 report, signed for one target chain and contract.</summary>
/// <param name="ChainId">The target chain id.</param>
/// <param name="VerifyingContract">The target contract, 0x address.</param>
/// <param name="Digest">The EIP-712 digest that was signed, 0x hex (32 bytes).</param>
/// <param name="Signature">r || s || v, 65 bytes, v = 27 + recovery id, low-S.</param>
/// <param name="Proof">The compact proof the contract takes (version 1 layout, README "What gets signed").</param>
public sealed record SignedReport(BigInteger ChainId, string VerifyingContract, string Digest, byte[] Signature, byte[] Proof)
{
    internal static SignedReport Parse(JsonElement e)
    {
        byte[] signature = Json.Hex(Json.RequiredString(e, "signature"), "signature");
        if (signature.Length != 65) throw new JsonException($"'signature' is {signature.Length} bytes, not 65");
        JsonElement chain = Json.Required(e, "chain_id");
        return new SignedReport(
            chain.ValueKind == JsonValueKind.Number ? Json.ParseInteger(chain.GetRawText(), "chain_id") : Json.ParseInteger(chain.GetString()!, "chain_id"),
            Json.RequiredString(e, "verifying_contract"),
            Json.RequiredString(e, "digest"),
            signature,
            Json.Hex(Json.RequiredString(e, "proof"), "proof"));
    }
}

/// <summary>One source's line of the transcript.</summary>
/// <param name="Url">The source URL.</param>
/// <param name="Host">Its host name.</param>
/// <param name="Port">Its port.</param>
/// <param name="Ok">True when it gave a value.</param>
/// <param name="Status">HTTP status (0 when no response).</param>
/// <param name="Value">Its scaled value (int256 jobs, successful sources).</param>
/// <param name="Data">Its bytes (bytes jobs, successful sources).</param>
/// <param name="Error">Why it failed; null when <paramref name="Ok"/>.</param>
/// <param name="SpkiSha256">SHA-256 of the server's SubjectPublicKeyInfo, 0x hex; null without a TLS session.</param>
public sealed record SourceOutcome(string Url, string Host, int Port, bool Ok, int Status, BigInteger? Value, byte[]? Data,
    EnclaveJobError? Error, string? SpkiSha256)
{
    internal static SourceOutcome Parse(JsonElement e) => new(
        Json.RequiredString(e, "url"),
        Json.RequiredString(e, "host"),
        Json.Required(e, "port").GetInt32(),
        Json.Required(e, "ok").GetBoolean(),
        Json.Optional(e, "status")?.GetInt32() ?? 0,
        Json.OptionalInteger(e, "value"),
        Json.OptionalString(e, "data") is { } d ? Json.Hex(d, "data") : null,
        EnclaveJobError.ParseOptional(e),
        Json.OptionalString(e, "spki_sha256"));
}
