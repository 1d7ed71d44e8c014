using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Enclave.Client;

/// <summary>
/// Validates the enclave host's TLS certificate against a configured CA and/or a pinned SHA-256, and
/// remembers why the last one was refused (for <see cref="EnclaveClientException"/>'s message).
/// </summary>
internal sealed class ServerCertificateCheck
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly byte[]? _pin;

    public ServerCertificateCheck(EnclaveClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            _roots.ImportFromPemFile(options.CaCertificatePath);
            if (_roots.Count == 0) throw new ArgumentException($"{EnclaveClientOptions.SectionName}:CaCertificatePath: no certificate in {options.CaCertificatePath}");
        }
        if (!string.IsNullOrWhiteSpace(options.PinnedSha256))
            _pin = ParsePin(options.PinnedSha256) ?? throw new ArgumentException($"{EnclaveClientOptions.SectionName}:PinnedSha256: not 64 hex digits");
    }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Parses 64 hex digits, colons and spaces ignored; null when malformed.</summary>
    public static byte[]? ParsePin(string text)
    {
        string hex = text.Replace(":", "").Replace(" ", "");
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) hex = hex[2..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return null;
        return Convert.FromHexString(hex);
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        string? failure = Check(certificate, presented, errors);
        LastFailure = failure;
        return failure is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null) return "the host sent no certificate";
        using var leaf = new X509Certificate2(certificate);
        if (_pin is not null)
        {
            byte[] actual = SHA256.HashData(leaf.RawData);
            if (!CryptographicOperations.FixedTimeEquals(actual, _pin))
                return $"certificate SHA-256 {Convert.ToHexStringLower(actual)} is not the pinned {Convert.ToHexStringLower(_pin)}";
        }
        if (_roots.Count == 0) return null;

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return $"certificate '{leaf.Subject}' does not name the endpoint's host";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (X509ChainElement e in presented.ChainElements)
                if (!e.Certificate.RawData.AsSpan().SequenceEqual(leaf.RawData)) chain.ChainPolicy.ExtraStore.Add(e.Certificate);
        }
        if (!chain.Build(leaf))
        {
            string status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return $"certificate '{leaf.Subject}' (issuer '{leaf.Issuer}') does not chain to the configured CA: {status}";
        }
        return null;
    }
}
