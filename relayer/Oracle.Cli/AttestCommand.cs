using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Attestation;

namespace Oracle.Cli;

/// <summary><c>oracle attest verify</c>: one quote, verified and judged, printed for people or as JSON.</summary>
internal static class AttestCommand
{
    public const string Usage = """
          attest verify (--quote FILE | --certificate FILE) [--collateral FILE | --pcs URL] [--at TIME] [--json]
                        [--mrenclave HEX[,HEX]] [--mrsigner HEX --isvprodid N [--min-isvsvn N]]
                        [--allow-status S[,S]] [--allow-debug]
                        [--secp256k1 HEX --x25519 HEX --operator ID]
                        [--allow-simulation --simulation-root SHA256|FILE]
              verify an SGX DCAP quote (v3/v4; FILE raw or hex) against Intel's SGX Root CA:
              PCK chain and CRLs, QE report, quote signature, TCB info and QE identity, TCB level.
              Prints the TCB status, advisories, measurements, attributes and REPORTDATA, then the
              policy's verdict (allowed statuses default UpToDate,SWHardeningNeeded; DEBUG refused;
              the measurement must match --mrenclave or --mrsigner/--isvprodid/--min-isvsvn).
                --certificate FILE an Open Enclave attested certificate (PEM or DER): the quote in its
                                   extension 1.3.6.1.4.1.311.105.2, whose claims must be its own key
                --collateral FILE  collateral JSON (pck_crl_issuer_chain, root_ca_crl, pck_crl,
                                   tcb_info(+_issuer_chain, _signature), qe_identity(...))
                --pcs URL          fetch collateral from an Intel PCS v4 compatible service (PCCS)
                --at TIME          verification time, ISO 8601 (default: now)
                --secp256k1/--x25519/--operator  check that REPORTDATA binds these keys (DESIGN.md 5)
                --allow-simulation --simulation-root SHA256|FILE
                                   trust the sim backend's SIMULATED root instead of Intel's (its
                                   SHA-256, or a file holding it: build/enclave-tls/sim-attestation/
                                   root.sha256); the result is marked SIMULATED; development only
              exit 0: verified and acceptable; 1: refused (the failed check is named); 2: bad usage
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "verify")
        {
            throw new UsageException("attest: expected 'attest verify --quote FILE ...'");
        }
        var a = new Args("attest verify", args.Skip(1).ToList(),
            new HashSet<string> { "--json", "--allow-debug", "--allow-simulation" },
            new HashSet<string> { "--quote", "--certificate", "--collateral", "--pcs", "--at", "--mrenclave", "--mrsigner", "--isvprodid", "--min-isvsvn", "--allow-status", "--secp256k1", "--x25519", "--operator", "--simulation-root" });
        string? certificatePath = a.Get("--certificate");
        string quotePath = a.Get("--quote") ?? certificatePath ?? throw new UsageException("attest verify: --quote FILE (or --certificate FILE) is required");
        if (a.Get("--quote") is not null && certificatePath is not null)
        {
            throw new UsageException("attest verify: give --quote or --certificate, not both");
        }
        var at = a.Get("--at") is { } t
            ? DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : throw new UsageException($"attest verify: --at '{t}' is not an ISO 8601 time")
            : DateTimeOffset.UtcNow;
        var policy = Policy(a);
        var verifier = DcapVerifier.Intel;
        if (a.Get("--simulation-root") is { } simRoot)
        {
            if (!a.Has("--allow-simulation"))
            {
                throw new UsageException("attest verify: --simulation-root needs --allow-simulation (simulated evidence protects nothing)");
            }
            string hex = File.Exists(simRoot) ? File.ReadAllText(simRoot).Trim() : simRoot;
            verifier = DcapVerifier.ForSimulation(Hex(hex, "--simulation-root", 32));
        }
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
        byte[] quoteBytes;
        if (certificatePath is not null)
        {
            certificate = ReadCertificate(certificatePath);
            try
            {
                quoteBytes = OeAttestedCertificate.Read(certificate).Quote;
            }
            catch (AttestationException e)
            {
                Console.WriteLine($"result       REFUSED: {e.Message}");
                return 1;
            }
        }
        else
        {
            quoteBytes = ReadQuote(quotePath);
        }

        var result = new JsonObject { ["quote_file"] = quotePath, ["verification_time"] = Iso(at) };
        var lines = new List<(string, string)>();
        int exit = 0;
        string? failure = null;
        try
        {
            using var quote = SgxQuote.Parse(quoteBytes);
            lines.Add(("quote", $"SGX DCAP v{quote.Header.Version}, {quoteBytes.Length} bytes, QE vendor {Convert.ToHexStringLower(quote.Header.QeVendorId.Span)}"));
            result["quote_version"] = quote.Header.Version;
            Describe(quote.ReportBody, lines, result);

            Collateral? collateral = null;
            if (a.Get("--collateral") is { } collateralPath)
            {
                collateral = Collateral.FromJson(File.ReadAllBytes(collateralPath));
            }
            else if (a.Get("--pcs") is { } pcs)
            {
                if (!Uri.TryCreate(pcs, UriKind.Absolute, out var url))
                {
                    throw new UsageException($"attest verify: --pcs '{pcs}' is not an absolute URL");
                }
                using var http = new HttpClient();
                collateral = await new PcsCollateralClient(http, new PcsOptions { BaseUrl = url }).GetAsync(quote);
            }
            using (collateral)
            {
                if (collateral is null)
                {
                    lines.Add(("verified", "NO: no collateral given (--collateral FILE or --pcs URL); only the policy's report checks ran"));
                    result["verified"] = false;
                    policy.CheckReport(quote.ReportBody);
                    failure = "collateral.missing: no collateral to verify with";
                    exit = 1;
                }
                else
                {
                    var verified = certificate is null
                        ? verifier.Verify(quote, collateral, at)
                        : OeAttestedCertificate.Verify(certificate, verifier, collateral, at);
                    if (certificate is not null)
                    {
                        lines.Add(("certificate", $"Open Enclave attested certificate '{certificate.Subject}': REPORTDATA binds its custom claims, which are its own public key"));
                        result["certificate_key_bound"] = true;
                    }
                    result["verified"] = true;
                    result["simulated"] = verified.Simulated;
                    result["tcb_status"] = verified.Status.ToString();
                    result["platform_tcb_status"] = verified.PlatformStatus.ToString();
                    result["qe_tcb_status"] = verified.QeStatus.ToString();
                    result["advisory_ids"] = new JsonArray(verified.AdvisoryIds.Select(x => (JsonNode)x).ToArray());
                    result["tcb_date"] = Iso(verified.TcbDate);
                    result["fmspc"] = Convert.ToHexString(verified.Fmspc);
                    result["valid_until"] = Iso(verified.ValidUntil);
                    lines.Insert(1, ("verified", verified.Simulated
                        ? $"YES at {Iso(at)}, but SIMULATED: against the sim backend's development root, not Intel's; it proves nothing about hardware (collateral current until {Iso(verified.ValidUntil)})"
                        : $"YES at {Iso(at)} against Intel's SGX Root CA (collateral current until {Iso(verified.ValidUntil)})"));
                    lines.Insert(2, ("TCB status", $"{verified.Status} (platform {verified.PlatformStatus}, quoting enclave {verified.QeStatus}; TCB date {verified.TcbDate:yyyy-MM-dd})"));
                    lines.Insert(3, ("advisories", verified.AdvisoryIds.Count == 0 ? "none" : string.Join(", ", verified.AdvisoryIds)));
                    lines.Add(("platform", $"FMSPC {Convert.ToHexString(verified.Fmspc)}, PCESVN {verified.PceSvn}, SVNs {string.Join(",", verified.TcbComponents)}"));
                    policy.Check(verified);
                }
            }
            if (a.Get("--secp256k1") is { } secp)
            {
                KeyBinding.Check(quote.ReportBody, Hex(secp, "--secp256k1"), Hex(a.Get("--x25519") ?? throw new UsageException("attest verify: --x25519 goes with --secp256k1"), "--x25519"),
                    Encoding.UTF8.GetBytes(a.Get("--operator") ?? throw new UsageException("attest verify: --operator goes with --secp256k1")));
                lines.Add(("bound keys", "REPORTDATA binds the secp256k1 and X25519 keys and the operator given"));
                result["keys_bound"] = true;
            }
            else
            {
                lines.Add(("bound keys", "not checked (give --secp256k1, --x25519 and --operator to check REPORTDATA's binding)"));
            }
        }
        catch (AttestationException e)
        {
            failure = e.Message;
            result["failed_check"] = e.Check;
            exit = 1;
        }
        catch (CollateralFetchException e)
        {
            failure = $"collateral.fetch: {e.Message}";
            result["failed_check"] = "collateral.fetch";
            exit = 1;
        }
        result["accepted"] = exit == 0;
        if (failure is not null)
        {
            result["error"] = failure;
        }
        if (a.Has("--json"))
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            foreach (var (label, text) in lines)
            {
                Console.WriteLine($"{label,-12} {text}");
            }
            Console.WriteLine(exit == 0 ? "result       ACCEPTED under the policy" : $"result       REFUSED: {failure}");
        }
        return exit;
    }

    private static void Describe(SgxReportBody report, List<(string, string)> lines, JsonObject result)
    {
        var flags = report.Flags;
        var names = new List<string>();
        if ((flags & 0x1) != 0) names.Add("INIT");
        if ((flags & 0x2) != 0) names.Add("DEBUG");
        if ((flags & 0x4) != 0) names.Add("MODE64BIT");
        if ((flags & 0x10) != 0) names.Add("PROVISIONKEY");
        if ((flags & 0x20) != 0) names.Add("EINITTOKENKEY");
        if ((flags & 0x80) != 0) names.Add("KSS");
        lines.Add(("enclave", $"MRENCLAVE {Convert.ToHexStringLower(report.MrEnclave.Span)}"));
        lines.Add(("", $"MRSIGNER  {Convert.ToHexStringLower(report.MrSigner.Span)}, ISVPRODID {report.IsvProdId}, ISVSVN {report.IsvSvn}"));
        lines.Add(("attributes", $"flags 0x{flags:x16} ({string.Join(", ", names)}){(report.Debug ? " -- DEBUG: the host can read the enclave's memory" : "")}, XFRM 0x{System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(report.Attributes.Span[8..]):x16}"));
        var data = report.ReportData.Span;
        string printable = new(Encoding.ASCII.GetString(data).TakeWhile(c => c >= 0x20 && c < 0x7f).ToArray());
        lines.Add(("report data", Convert.ToHexStringLower(data) + (printable.Length >= 4 ? $" (\"{printable}\"...)" : "")));
        result["mrenclave"] = Convert.ToHexStringLower(report.MrEnclave.Span);
        result["mrsigner"] = Convert.ToHexStringLower(report.MrSigner.Span);
        result["isv_prod_id"] = report.IsvProdId;
        result["isv_svn"] = report.IsvSvn;
        result["debug"] = report.Debug;
        result["attributes"] = Convert.ToHexStringLower(report.Attributes.Span);
        result["report_data"] = Convert.ToHexStringLower(data);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static AttestationPolicy Policy(Args a)
    {
        var statuses = AttestationPolicy.DefaultStatuses;
        if (a.Get("--allow-status") is { } list)
        {
            var set = new HashSet<TcbStatus>();
            foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TcbStatuses.TryParse(name, out var status))
                {
                    throw new UsageException($"attest verify: --allow-status '{name}' is not a TCB status (UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded)");
                }
                set.Add(status);
            }
            statuses = set;
        }
        var enclaves = (a.Get("--mrenclave") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => Hex(h, "--mrenclave", 32)).ToList();
        var signers = new List<SignerRule>();
        if (a.Get("--mrsigner") is { } signer)
        {
            int prodId = a.GetInt("--isvprodid", -1, 0, 65535);
            if (prodId < 0)
            {
                throw new UsageException("attest verify: --mrsigner needs --isvprodid N");
            }
            signers.Add(new SignerRule(Hex(signer, "--mrsigner", 32), (ushort)prodId, (ushort)a.GetInt("--min-isvsvn", 0, 0, 65535)));
        }
        return new AttestationPolicy { AllowedStatuses = statuses, MrEnclaves = enclaves, Signers = signers, AllowDebug = a.Has("--allow-debug"), AllowSimulation = a.Has("--allow-simulation") };
    }

    private static byte[] Hex(string text, string option, int length = -1)
    {
        try
        {
            var bytes = Convert.FromHexString(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text);
            if (length >= 0 && bytes.Length != length)
            {
                throw new UsageException($"attest verify: {option} is {bytes.Length} bytes, not {length}");
            }
            return bytes;
        }
        catch (FormatException)
        {
            throw new UsageException($"attest verify: {option} '{text}' is not hex");
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 ReadCertificate(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            string text = Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(text)
                : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"attest verify: cannot read --certificate {path}: {e.Message}");
        }
    }

    private static byte[] ReadQuote(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"attest verify: cannot read --quote {path}: {e.Message}");
        }
        // A hex dump of a quote is accepted as well as the raw bytes.
        string text = Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length > 0 && text.Length % 2 == 0 && text.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(text);
        }
        return bytes;
    }
}
