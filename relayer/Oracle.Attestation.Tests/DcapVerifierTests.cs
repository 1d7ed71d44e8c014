using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Oracle.Attestation.Tests;

/// <summary>The full DCAP verification on the Phala sample (a real quote v3 with real Intel collateral).</summary>
public sealed class DcapVerifierTests
{
    private static readonly DateTimeOffset At = Vectors.PhalaVerificationTime;

    [Fact]
    public void Verify_GivesConfigurationAndSWHardeningNeeded_WithItsAdvisories_AtTheVectorsTime()
    {
        using var collateral = Vectors.PhalaCollateral();

        var verified = DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At);

        Assert.Equal(TcbStatus.ConfigurationAndSWHardeningNeeded, verified.Status);
        Assert.Equal(["INTEL-SA-00289", "INTEL-SA-00615"], verified.AdvisoryIds);
        Assert.Equal(TcbStatus.UpToDate, verified.QeStatus);
        Assert.Equal("00A067110000", Convert.ToHexString(verified.Fmspc));
        Assert.False(verified.Simulated);
        Assert.StartsWith("Hello, world!", Encoding.ASCII.GetString(verified.Report.ReportData.Span));
        // The earliest expiry among the collateral's parts: the QE identity's nextUpdate.
        Assert.Equal(DateTimeOffset.Parse("2025-07-19T10:01:18Z", System.Globalization.CultureInfo.InvariantCulture), verified.ValidUntil);
    }

    [Fact]
    public void Verify_IsRefusedByTheDefaultPolicy_ForItsStatus()
    {
        using var collateral = Vectors.PhalaCollateral();
        var verified = DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At);
        var policy = new AttestationPolicy { MrEnclaves = [verified.Report.MrEnclave.ToArray()] };

        var ex = Assert.Throws<AttestationException>(() => policy.Check(verified));

        Assert.Equal(AttestationCheck.PolicyTcbStatus, ex.Check);
        var lenient = new AttestationPolicy { MrEnclaves = [verified.Report.MrEnclave.ToArray()], AllowedStatuses = new HashSet<TcbStatus> { TcbStatus.ConfigurationAndSWHardeningNeeded } };
        lenient.Check(verified);
    }

    [Theory]
    [InlineData("2025-08-01T00:00:00Z", AttestationCheck.TcbInfoValidity)]
    [InlineData("2025-07-19T10:30:00Z", AttestationCheck.QeIdentityValidity)]
    [InlineData("2025-06-19T10:30:00Z", AttestationCheck.TcbInfoValidity)]
    [InlineData("2025-06-19T10:00:00Z", AttestationCheck.TcbInfoValidity)]
    public void Verify_Fails_OutsideTheCollateralsWindow(string time, string check)
    {
        using var collateral = Vectors.PhalaCollateral();

        var ex = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(check, ex.Check);
    }

    public static TheoryData<string, int, int, string[]> Regions()
    {
        var q = Vectors.PhalaQuote();
        int authLength = BinaryPrimitives.ReadUInt16LittleEndian(q.AsSpan(1012));
        return new()
        {
            { "header", 0, 48, [AttestationCheck.HeaderVersion, AttestationCheck.HeaderAttestationKeyType, AttestationCheck.HeaderTeeType, AttestationCheck.QuoteSignature] },
            { "report body", 48, 432, [AttestationCheck.QuoteSignature] },
            { "quote signature", 436, 500, [AttestationCheck.QuoteSignature] },
            { "attestation key", 500, 564, [AttestationCheck.QeReportData] },
            { "QE report", 564, 948, [AttestationCheck.QeReportSignature] },
            { "QE report signature", 948, 1012, [AttestationCheck.QeReportSignature] },
            { "QE auth data", 1014, 1014 + authLength, [AttestationCheck.QeReportData] },
        };
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Verify_Fails_NamingTheCheck_WhenAnyByteOfARegionIsFlipped(string region, int start, int end, string[] checks)
    {
        var original = Vectors.PhalaQuote();
        using var collateral = Vectors.PhalaCollateral();
        Assert.True(end > start, region);
        for (int i = start; i < end; i++)
        {
            var quote = (byte[])original.Clone();
            quote[i] ^= 0x01;

            var ex = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(quote, collateral, At));

            Assert.True(checks.Contains(ex.Check), $"{region} byte {i - start}: {ex.Check} ({ex.Message}) not in [{string.Join(", ", checks)}]");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Verify_Fails_WhenAnyByteOfAPckCertificateIsFlipped(int index)
    {
        var original = Vectors.PhalaQuote();
        using var collateral = Vectors.PhalaCollateral();
        var (pemStart, ders) = PemChain(original);
        int step = index == 0 ? 1 : 3; // every byte of the leaf; every third of the CA certificates (bounded time)
        for (int b = 0; b < ders[index].Length; b += step)
        {
            var flipped = ders.Select(d => (byte[])d.Clone()).ToArray();
            flipped[index][b] ^= 0x01;
            var quote = WithPemChain(original, pemStart, flipped);

            var ex = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(quote, collateral, At));

            Assert.True(
                ex.Check.StartsWith("pck.", StringComparison.Ordinal) || ex.Check.StartsWith("quote.certification_data", StringComparison.Ordinal)
                    || ex.Check is AttestationCheck.QeReportSignature or AttestationCheck.PckCrl or AttestationCheck.RootCaCrl,
                $"certificate {index} byte {b}: {ex.Check}");
        }
    }

    [Theory]
    [InlineData("tcb_info_issuer_chain", 0, "collateral.tcb_info.")]
    [InlineData("tcb_info_issuer_chain", 1, "collateral.tcb_info.chain.")]
    [InlineData("qe_identity_issuer_chain", 0, "collateral.qe_identity.")]
    [InlineData("pck_crl_issuer_chain", 0, "collateral.pck_crl.")]
    [InlineData("pck_crl_issuer_chain", 1, "collateral.pck_crl.chain.")]
    public void Verify_Fails_WhenACollateralCertificateIsFlipped(string field, int index, string checkPrefix)
    {
        var quote = Vectors.PhalaQuote();
        var json = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
        var ders = PemDers(json[field]!.GetValue<string>());
        for (int b = 0; b < ders[index].Length; b += 5)
        {
            var flipped = ders.Select(d => (byte[])d.Clone()).ToArray();
            flipped[index][b] ^= 0x01;
            json[field] = ToPem(flipped);

            var ex = Assert.Throws<AttestationException>(() =>
            {
                using var collateral = Collateral.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString()));
                DcapVerifier.Intel.Verify(quote, collateral, At);
            });
            Assert.True(ex.Check.StartsWith(checkPrefix, StringComparison.Ordinal), $"{field}[{index}] byte {b}: {ex.Check} ({ex.Message})");
        }
    }

    [Theory]
    [InlineData("tcb_info", "\"tcbStatus\":\"ConfigurationAndSWHardeningNeeded\"", "\"tcbStatus\":\"UpToDate\"", AttestationCheck.TcbInfoSignature)]
    [InlineData("tcb_info", "\"nextUpdate\":\"2025-07-19T10:56:11Z\"", "\"nextUpdate\":\"2035-07-19T10:56:11Z\"", AttestationCheck.TcbInfoSignature)]
    [InlineData("tcb_info", "{\"id\"", "{ \"id\"", AttestationCheck.TcbInfoSignature)]
    [InlineData("qe_identity", "\"isvprodid\":1", "\"isvprodid\":1 ", AttestationCheck.QeIdentitySignature)]
    [InlineData("qe_identity", "\"UpToDate\"", "\"OutOfDate\"", AttestationCheck.QeIdentitySignature)]
    public void Verify_Fails_WhenTheSignedJsonChanges_EvenByWhitespace(string field, string from, string to, string check)
    {
        var json = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
        string text = json[field]!.GetValue<string>();
        Assert.Contains(from, text);
        json[field] = text.Replace(from, to, StringComparison.Ordinal);
        using var collateral = Collateral.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString()));

        var ex = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At));

        Assert.Equal(check, ex.Check);
    }

    [Theory]
    [InlineData("tcb_info_signature", AttestationCheck.TcbInfoSignature)]
    [InlineData("qe_identity_signature", AttestationCheck.QeIdentitySignature)]
    [InlineData("root_ca_crl", AttestationCheck.RootCaCrl)]
    [InlineData("pck_crl", AttestationCheck.PckCrl)]
    public void Verify_Fails_WhenASignatureOrCrlByteIsFlipped(string field, string check)
    {
        var json = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
        var bytes = Convert.FromHexString(json[field]!.GetValue<string>());
        for (int b = 0; b < bytes.Length; b++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[b] ^= 0x01;
            json[field] = Convert.ToHexStringLower(flipped);

            var ex = Assert.Throws<AttestationException>(() =>
            {
                using var collateral = Collateral.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString()));
                DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At);
            });
            Assert.True(ex.Check == check, $"{field} byte {b}: {ex.Check} ({ex.Message})");
        }
    }

    [Fact]
    public void Verify_Fails_WhenTheRootCrlAndPckCrlAreSwapped()
    {
        var json = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
        (json["root_ca_crl"], json["pck_crl"]) = (json["pck_crl"]!.GetValue<string>(), json["root_ca_crl"]!.GetValue<string>());
        using var collateral = Collateral.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString()));

        var ex = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At));

        Assert.Equal(AttestationCheck.RootCaCrl, ex.Check);
    }

    [Fact]
    public void Collateral_Refuses_TheTcbInfoAndQeIdentityDocumentsSwapped()
    {
        // Both are signed by Intel's TCB signing key, so a swap would keep valid signatures:
        // the parsers must refuse each document in the other's place.
        var json = JsonNode.Parse(Vectors.PhalaCollateralJson())!.AsObject();
        (json["tcb_info"], json["qe_identity"]) = (json["qe_identity"]!.GetValue<string>(), json["tcb_info"]!.GetValue<string>());

        var ex = Assert.Throws<AttestationException>(() => Collateral.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.StartsWith("collateral.", ex.Check, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretNetworkQuote_Parses_AndIsRejectedForDebug()
    {
        using var quote = SgxQuote.Parse(Vectors.SecretNetworkDebugQuote());
        Assert.True(quote.ReportBody.Debug);

        var ex = Assert.Throws<AttestationException>(() => new AttestationPolicy { MrEnclaves = [quote.ReportBody.MrEnclave.ToArray()] }.CheckReport(quote.ReportBody));

        Assert.Equal(AttestationCheck.PolicyDebug, ex.Check);
    }

    [Fact]
    public void Policy_RefusesAnEmptyAllowlist_AndAcceptsAMatchingSignerRule()
    {
        using var collateral = Vectors.PhalaCollateral();
        var verified = DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, At);
        var statuses = new HashSet<TcbStatus> { verified.Status };

        var empty = Assert.Throws<AttestationException>(() => new AttestationPolicy { AllowedStatuses = statuses }.Check(verified));
        Assert.Equal(AttestationCheck.PolicyMeasurement, empty.Check);

        var signer = new SignerRule(verified.Report.MrSigner.ToArray(), verified.Report.IsvProdId, verified.Report.IsvSvn);
        new AttestationPolicy { AllowedStatuses = statuses, Signers = [signer] }.Check(verified);

        var tooNew = signer with { MinIsvSvn = (ushort)(verified.Report.IsvSvn + 1) };
        var ex = Assert.Throws<AttestationException>(() => new AttestationPolicy { AllowedStatuses = statuses, Signers = [tooNew] }.Check(verified));
        Assert.Equal(AttestationCheck.PolicyMeasurement, ex.Check);

        var otherEnclave = verified.Report.MrEnclave.ToArray();
        otherEnclave[0] ^= 1;
        ex = Assert.Throws<AttestationException>(() => new AttestationPolicy { AllowedStatuses = statuses, MrEnclaves = [otherEnclave] }.Check(verified));
        Assert.Equal(AttestationCheck.PolicyMeasurement, ex.Check);
    }

    [Fact]
    public void ForSimulation_RefusesIntelsRoot_AndRefusesIntelsQuote()
    {
        Assert.Throws<ArgumentException>(() => DcapVerifier.ForSimulation(PckChain.IntelSgxRootCaSha256));
        var simulation = DcapVerifier.ForSimulation(new byte[32]);
        using var collateral = Vectors.PhalaCollateral();

        var ex = Assert.Throws<AttestationException>(() => simulation.Verify(Vectors.PhalaQuote(), collateral, At));

        Assert.Equal(AttestationCheck.PckChainRootFingerprint, ex.Check);
    }

    [Fact]
    public void Collateral_RoundTripsThroughItsJson()
    {
        using var collateral = Vectors.PhalaCollateral();
        using var again = Collateral.FromJson(collateral.ToJson());

        Assert.Equal(collateral.TcbInfoRaw, again.TcbInfoRaw);
        Assert.Equal(collateral.QeIdentityRaw, again.QeIdentityRaw);
        Assert.Equal(collateral.PckCrl.Der.ToArray(), again.PckCrl.Der.ToArray());
        DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), again, At);
    }

    internal static (int Start, byte[][] Ders) PemChain(byte[] quote)
    {
        // v3: the certification data (type 5, size, PEM) follows the QE auth data.
        int authLength = BinaryPrimitives.ReadUInt16LittleEndian(quote.AsSpan(1012));
        int start = 1014 + authLength + 6;
        return (start, PemDers(Encoding.ASCII.GetString(quote, start, quote.Length - start)));
    }

    internal static byte[] WithPemChain(byte[] quote, int start, byte[][] ders)
    {
        var pem = Encoding.ASCII.GetBytes(ToPem(ders));
        var result = new byte[start + pem.Length];
        quote.AsSpan(0, start).CopyTo(result);
        pem.CopyTo(result, start);
        int delta = result.Length - quote.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(start - 4), (uint)pem.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(432), (uint)(BinaryPrimitives.ReadUInt32LittleEndian(quote.AsSpan(432)) + delta));
        return result;
    }

    internal static byte[][] PemDers(string pem)
    {
        var ders = new List<byte[]>();
        var text = pem.AsSpan().TrimEnd('\0');
        while (System.Security.Cryptography.PemEncoding.TryFind(text, out var fields))
        {
            ders.Add(Convert.FromBase64String(text[fields.Base64Data].ToString()));
            text = text[fields.Location.End..];
        }
        return [.. ders];
    }

    internal static string ToPem(byte[][] ders) =>
        string.Concat(ders.Select(d => new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", d)) + "\n")) + "\0";
}
