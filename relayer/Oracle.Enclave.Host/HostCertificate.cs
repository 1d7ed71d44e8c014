using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Host.Native;

namespace Oracle.Enclave.Host;

/// <summary>
/// The gRPC endpoint's TLS certificate: the PEM pair of <see cref="EnclaveHostOptions.Tls"/>, or, when
/// none is configured, an ephemeral self-signed ECDSA P-256 certificate made at start (valid 30 days,
/// for the listen address, 127.0.0.1, ::1 and localhost) whose SHA-256 fingerprint is printed so that
/// clients can pin it (<c>EnclaveClient:PinnedSha256</c>). A new one is made at every start.
/// </summary>
public sealed class HostCertificate : IDisposable
{
    /// <summary>Loads or makes the certificate.</summary>
    /// <exception cref="EnclaveException">Kind Setup: the PEM files cannot be read, naming the setting.</exception>
    public HostCertificate(IOptions<EnclaveHostOptions> options)
    {
        EnclaveHostOptions.TlsOptions tls = options.Value.Tls;
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            Certificate = CreateEphemeral(options.Value.Listen.Address);
            Ephemeral = true;
        }
        else
        {
            try
            {
                Certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
                Chain.ImportFromPemFile(tls.CertificatePath);
                if (Chain.Count > 0) Chain.RemoveAt(0);
            }
            catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
            {
                throw new EnclaveException(EnclaveFailureKind.Setup,
                    $"{EnclaveHostOptions.SectionName}:Tls:CertificatePath/KeyPath: cannot load {tls.CertificatePath} with {tls.KeyPath}: {e.Message}", 0, e);
            }
        }
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));
    }

    /// <summary>The leaf certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Intermediates sent after the leaf (from the certificate file).</summary>
    public X509Certificate2Collection Chain { get; } = [];

    /// <summary>True when made at start (no <c>EnclaveHost:Tls</c> configured).</summary>
    public bool Ephemeral { get; }

    /// <summary>SHA-256 of the leaf's DER encoding, lowercase hex (what <c>openssl x509 -fingerprint -sha256</c> shows).</summary>
    public string Sha256 { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (X509Certificate2 c in Chain) c.Dispose();
    }

    private static X509Certificate2 CreateEphemeral(string listenAddress)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=enclave-host (ephemeral)", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(listenAddress, out IPAddress? listen) && !IPAddress.IsLoopback(listen) &&
            !listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
            san.AddIpAddress(listen);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }
}
