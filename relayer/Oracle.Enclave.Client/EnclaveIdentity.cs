using System.Text.Json;

namespace Oracle.Enclave.Client;

/// <summary>The enclave's identity document (enclave-tls/README.md, "Identity"), with its key fields parsed.</summary>
/// <param name="Signer">0x-prefixed Ethereum address of the enclave key (lowercase hex, as the enclave writes it).</param>
/// <param name="Simulated">True for the sim backend: protects nothing; verifiers refuse it unless allowed.</param>
/// <param name="Backend">"sim" or "openenclave".</param>
/// <param name="Raw">The document verbatim (public keys, CA bundle digest, report_data, evidence, ...).</param>
public sealed record EnclaveIdentity(string Signer, bool Simulated, string Backend, string Raw)
{
    /// <summary>Parses an identity document.</summary>
    /// <exception cref="JsonException">Not an identity document.</exception>
    public static EnclaveIdentity Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        return new EnclaveIdentity(
            Json.RequiredString(root, "address"),
            Json.Required(root, "simulated").GetBoolean(),
            Json.RequiredString(root, "backend"),
            json);
    }
}
