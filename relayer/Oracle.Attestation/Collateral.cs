using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Attestation;

/// <summary>
/// The collateral a DCAP quote is verified with: CRLs, the TCB info and QE identity documents
/// (raw bytes, exactly as signed) with their signatures and issuer chains.
/// </summary>
/// <remarks>
/// The JSON form (<see cref="FromJson"/>, <see cref="ToJson"/>) uses the field names of
/// Phala's dcap-qvl and of Intel's <c>sgx_ql_qve_collateral_t</c>: <c>pck_crl_issuer_chain</c>,
/// <c>root_ca_crl</c> and <c>pck_crl</c> (hex DER), <c>tcb_info_issuer_chain</c>,
/// <c>tcb_info</c> (the raw JSON text), <c>tcb_info_signature</c> (hex r || s), and the same
/// three for <c>qe_identity</c>. Parsing checks shapes only; <see cref="DcapVerifier"/> checks
/// signatures, chains and time.
/// </remarks>
public sealed class Collateral : IDisposable
{
    private Collateral(
        string pckCrlIssuerChainPem, RevocationList rootCaCrl, RevocationList pckCrl,
        string tcbInfoIssuerChainPem, byte[] tcbInfoRaw, byte[] tcbInfoSignature,
        string qeIdentityIssuerChainPem, byte[] qeIdentityRaw, byte[] qeIdentitySignature)
    {
        PckCrlIssuerChainPem = pckCrlIssuerChainPem;
        RootCaCrl = rootCaCrl;
        PckCrl = pckCrl;
        TcbInfoIssuerChainPem = tcbInfoIssuerChainPem;
        TcbInfoRaw = tcbInfoRaw;
        TcbInfoSignature = tcbInfoSignature;
        QeIdentityIssuerChainPem = qeIdentityIssuerChainPem;
        QeIdentityRaw = qeIdentityRaw;
        QeIdentitySignature = qeIdentitySignature;
        TcbInfo = TcbInfo.Parse(tcbInfoRaw);
        QeIdentity = QeIdentity.Parse(qeIdentityRaw);
        TcbInfoIssuerChain = Pem.Certificates(tcbInfoIssuerChainPem, AttestationCheck.TcbInfoChainPem, "the TCB info issuer chain");
        try
        {
            QeIdentityIssuerChain = Pem.Certificates(qeIdentityIssuerChainPem, AttestationCheck.QeIdentityChainPem, "the QE identity issuer chain");
            PckCrlIssuerChain = Pem.Certificates(pckCrlIssuerChainPem, AttestationCheck.PckCrlChainPem, "the PCK CRL issuer chain");
        }
        catch
        {
            Pem.DisposeAll(TcbInfoIssuerChain);
            Pem.DisposeAll(QeIdentityIssuerChain ?? []);
            throw;
        }
    }

    /// <summary>The PCK CRL's issuer chain (PEM), as served beside the PCK CRL.</summary>
    public string PckCrlIssuerChainPem { get; }

    /// <summary>The PCK CRL's issuer chain (PCK CA, root), parsed.</summary>
    public IReadOnlyList<X509Certificate2> PckCrlIssuerChain { get; }

    /// <summary>The Intel SGX Root CA's CRL.</summary>
    public RevocationList RootCaCrl { get; }

    /// <summary>The PCK (processor or platform) CA's CRL.</summary>
    public RevocationList PckCrl { get; }

    /// <summary>The TCB info signing chain (PEM, signing certificate then root).</summary>
    public string TcbInfoIssuerChainPem { get; }

    /// <summary>The TCB info signing chain, parsed.</summary>
    public IReadOnlyList<X509Certificate2> TcbInfoIssuerChain { get; }

    /// <summary>The tcbInfo JSON object, byte for byte as signed.</summary>
    public byte[] TcbInfoRaw { get; }

    /// <summary>The TCB info signature (r || s).</summary>
    public byte[] TcbInfoSignature { get; }

    /// <summary>The parsed TCB info.</summary>
    public TcbInfo TcbInfo { get; }

    /// <summary>The QE identity signing chain (PEM).</summary>
    public string QeIdentityIssuerChainPem { get; }

    /// <summary>The QE identity signing chain, parsed.</summary>
    public IReadOnlyList<X509Certificate2> QeIdentityIssuerChain { get; }

    /// <summary>The enclaveIdentity JSON object, byte for byte as signed.</summary>
    public byte[] QeIdentityRaw { get; }

    /// <summary>The QE identity signature (r || s).</summary>
    public byte[] QeIdentitySignature { get; }

    /// <summary>The parsed QE identity.</summary>
    public QeIdentity QeIdentity { get; }

    /// <summary>The earliest time at which a part of this collateral stops being current.</summary>
    public DateTimeOffset NextUpdate
    {
        get
        {
            var next = TcbInfo.NextUpdate < QeIdentity.NextUpdate ? TcbInfo.NextUpdate : QeIdentity.NextUpdate;
            foreach (var crl in new[] { RootCaCrl, PckCrl })
            {
                if (crl.NextUpdate is { } n && n < next)
                {
                    next = n;
                }
            }
            return next;
        }
    }

    /// <summary>Builds collateral from its parts.</summary>
    /// <exception cref="AttestationException">A part does not parse; the check names which.</exception>
    public static Collateral Create(
        string pckCrlIssuerChainPem, byte[] rootCaCrlDer, byte[] pckCrlDer,
        string tcbInfoIssuerChainPem, byte[] tcbInfoRaw, byte[] tcbInfoSignature,
        string qeIdentityIssuerChainPem, byte[] qeIdentityRaw, byte[] qeIdentitySignature)
    {
        if (tcbInfoSignature.Length != 64)
        {
            throw new AttestationException(AttestationCheck.TcbInfoSignature, $"the TCB info signature is {tcbInfoSignature.Length} bytes, not 64 (r || s)");
        }
        if (qeIdentitySignature.Length != 64)
        {
            throw new AttestationException(AttestationCheck.QeIdentitySignature, $"the QE identity signature is {qeIdentitySignature.Length} bytes, not 64 (r || s)");
        }
        return new Collateral(
            pckCrlIssuerChainPem,
            RevocationList.Parse(rootCaCrlDer, AttestationCheck.RootCaCrl),
            RevocationList.Parse(pckCrlDer, AttestationCheck.PckCrl),
            tcbInfoIssuerChainPem, tcbInfoRaw, tcbInfoSignature,
            qeIdentityIssuerChainPem, qeIdentityRaw, qeIdentitySignature);
    }

    /// <summary>Reads the JSON form (see the remarks on <see cref="Collateral"/>).</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.CollateralJson"/> if a field is missing or of the wrong form; other checks if a part does not parse.</exception>
    public static Collateral FromJson(ReadOnlySpan<byte> json)
    {
        const string check = AttestationCheck.CollateralJson;
        return CollateralJson.Read(json, check, root => Create(
            CollateralJson.String(root, "pck_crl_issuer_chain", check),
            HexField(root, "root_ca_crl"),
            HexField(root, "pck_crl"),
            CollateralJson.String(root, "tcb_info_issuer_chain", check),
            Encoding.UTF8.GetBytes(CollateralJson.String(root, "tcb_info", check)),
            HexField(root, "tcb_info_signature"),
            CollateralJson.String(root, "qe_identity_issuer_chain", check),
            Encoding.UTF8.GetBytes(CollateralJson.String(root, "qe_identity", check)),
            HexField(root, "qe_identity_signature")));
    }

    /// <summary>Writes the JSON form, which <see cref="FromJson"/> reads back unchanged.</summary>
    public byte[] ToJson()
    {
        var o = new JsonObject
        {
            ["pck_crl_issuer_chain"] = PckCrlIssuerChainPem,
            ["root_ca_crl"] = Convert.ToHexStringLower(RootCaCrl.Der.Span),
            ["pck_crl"] = Convert.ToHexStringLower(PckCrl.Der.Span),
            ["tcb_info_issuer_chain"] = TcbInfoIssuerChainPem,
            ["tcb_info"] = Encoding.UTF8.GetString(TcbInfoRaw),
            ["tcb_info_signature"] = Convert.ToHexStringLower(TcbInfoSignature),
            ["qe_identity_issuer_chain"] = QeIdentityIssuerChainPem,
            ["qe_identity"] = Encoding.UTF8.GetString(QeIdentityRaw),
            ["qe_identity_signature"] = Convert.ToHexStringLower(QeIdentitySignature),
        };
        return JsonSerializer.SerializeToUtf8Bytes(o, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Disposes the parsed issuer chains.</summary>
    public void Dispose()
    {
        Pem.DisposeAll(TcbInfoIssuerChain);
        Pem.DisposeAll(QeIdentityIssuerChain);
        Pem.DisposeAll(PckCrlIssuerChain);
    }

    private static byte[] HexField(JsonElement root, string name)
    {
        string text = CollateralJson.String(root, name, AttestationCheck.CollateralJson);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException e)
        {
            throw new AttestationException(AttestationCheck.CollateralJson, $"field '{name}' is not hex", e);
        }
    }
}

/// <summary>Strict PEM certificate lists: nothing skipped, nothing but certificates.</summary>
internal static class Pem
{
    public static List<X509Certificate2> Certificates(string pem, string check, string what)
    {
        var text = pem.AsSpan().TrimEnd('\0');
        var certificates = new List<X509Certificate2>();
        try
        {
            while (PemEncoding.TryFind(text, out var fields))
            {
                // TryFind skips what it cannot parse: a damaged block must not vanish silently.
                if (!text[..fields.Location.Start].IsWhiteSpace())
                {
                    throw new AttestationException(check, $"{what}: text that is not a PEM certificate before block {certificates.Count}");
                }
                if (!text[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    throw new AttestationException(check, $"{what}: block {certificates.Count} is '{text[fields.Label]}', not CERTIFICATE");
                }
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out int written) || written != der.Length)
                {
                    throw new AttestationException(check, $"{what}: block {certificates.Count} is not base64");
                }
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    throw new AttestationException(check, $"{what}: block {certificates.Count} is not an X.509 certificate", e);
                }
                text = text[fields.Location.End..];
            }
            if (certificates.Count == 0)
            {
                throw new AttestationException(check, $"{what} has no PEM certificate");
            }
            if (!text.IsWhiteSpace())
            {
                throw new AttestationException(check, $"{what}: text after the last PEM certificate");
            }
            return certificates;
        }
        catch
        {
            DisposeAll(certificates);
            throw;
        }
    }

    public static void DisposeAll(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
