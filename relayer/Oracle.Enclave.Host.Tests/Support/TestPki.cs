using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>A certificate and its key as PEM files.</summary>
public sealed record PemPair(string CertificatePath, string KeyPath);

/// <summary>Certificates made at test time with .NET's CertificateRequest, written as PEM files.</summary>
public sealed class TestPki(TempDir dir)
{
    private int _serial;

    /// <summary>The enclave build's development CA (trusted by the sim enclave).</summary>
    public static PemPair DevCa => new(TestPaths.DevCaCertificate, TestPaths.DevCaKey);

    /// <summary>A new self-signed CA (ECDSA P-256).</summary>
    public PemPair MakeCa(string name)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = request.CreateSelfSigned(now.AddDays(-2), now.AddDays(30));
        return Write($"ca-{++_serial}", ca, key);
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> (and <paramref name="ip"/>) issued by <paramref name="ca"/>.</summary>
    public PemPair Issue(PemPair ca, string[] dnsNames, IPAddress? ip = null)
    {
        using X509Certificate2 issuer = X509Certificate2.CreateFromPemFile(ca.CertificatePath, ca.KeyPath);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames) san.AddDnsName(name);
        if (ip is not null) san.AddIpAddress(ip);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using X509Certificate2 leaf = request.Create(issuer, now.AddDays(-1), now.AddDays(2), serial);
        return Write($"leaf-{++_serial}", leaf, key);
    }

    private PemPair Write(string name, X509Certificate2 certificate, ECDsa key)
    {
        var pair = new PemPair(dir.File(name + ".pem"), dir.File(name + ".key"));
        File.WriteAllText(pair.CertificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(pair.KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        // nginx reads keys as root before dropping privileges; keep them private anyway.
        File.SetUnixFileMode(pair.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return pair;
    }
}
