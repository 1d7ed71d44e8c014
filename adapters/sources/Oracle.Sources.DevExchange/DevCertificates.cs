using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Sources.DevExchange;

/// <summary>Certificates for dev exchanges: a test CA, the build's dev CA from PEM, and leaves they issue.</summary>
/// <remarks>The enclave trusts only its compiled-in bundle plus, in dev builds, <c>build/enclave-tls/dev-ca/dev-ca.pem</c>;
/// a leaf for the enclave must come from that CA (<see cref="LoadCa"/>).</remarks>
public static class DevCertificates
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Loads a CA certificate and its private key from PEM files (e.g. dev-ca.pem, dev-ca.key).</summary>
    public static X509Certificate2 LoadCa(string certificatePemPath, string keyPemPath) =>
        X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);

    /// <summary>Creates a self-signed ECDSA P-256 CA, valid from a day ago for <paramref name="validity"/> (default 30 days).</summary>
    public static X509Certificate2 CreateCa(string commonName, TimeSpan? validity = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now + (validity ?? TimeSpan.FromDays(30)));
        return Reload(ca);
    }

    /// <summary>Issues an ECDSA P-256 server certificate for <paramref name="hostName"/> (SAN and CN), signed by
    /// <paramref name="ca"/>, valid from a day ago (not before the CA) for 30 days (not after the CA).</summary>
    /// <param name="ca">The issuer, with its ECDSA or RSA private key.</param>
    /// <param name="hostName">The DNS name the server will be reached by (e.g. api.coinbase.com).</param>
    /// <returns>The leaf with its private key, usable by Kestrel/SslStream.</returns>
    /// <exception cref="ArgumentException">The CA has no usable private key.</exception>
    public static X509Certificate2 IssueLeaf(X509Certificate2 ca, string hostName)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        var san = new SubjectAlternativeNameBuilder();
        // An IP literal (e.g. the devnet's enclave host on 127.0.0.1) goes in as an IP address SAN:
        // a minimal machine may not resolve "localhost".
        if (System.Net.IPAddress.TryParse(hostName, out var ip)) san.AddIpAddress(ip);
        else san.AddDnsName(hostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        using var caEc = ca.GetECDsaPrivateKey();
        using var caRsa = caEc is null ? ca.GetRSAPrivateKey() : null;
        var generator = caEc is not null ? X509SignatureGenerator.CreateForECDsa(caEc)
            : caRsa is not null ? X509SignatureGenerator.CreateForRSA(caRsa, RSASignaturePadding.Pkcs1)
            : throw new ArgumentException("the CA certificate has no ECDSA or RSA private key", nameof(ca));
        var now = DateTimeOffset.UtcNow;
        var notBefore = Max(now.AddDays(-1), new DateTimeOffset(ca.NotBefore.ToUniversalTime()));
        var notAfter = Min(now.AddDays(30), new DateTimeOffset(ca.NotAfter.ToUniversalTime()));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(ca.SubjectName, generator, notBefore, notAfter, serial);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // A PKCS#12 round trip gives a certificate whose key the TLS stack can use on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
