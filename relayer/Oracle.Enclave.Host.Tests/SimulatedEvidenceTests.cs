using System.Text.Json.Nodes;
using Oracle.Attestation;
using Oracle.Enclave.Client;
using Oracle.Enclave.Host.Tests.Support;

namespace Oracle.Enclave.Host.Tests;

/// <summary>
/// The sim enclave's evidence through the real host: an SGX DCAP quote v3 from the simulated QE,
/// chained to the SIMULATED root this build generated, verified by Oracle.Attestation with the
/// sim collateral, bound to the enclave's keys and operator, and refused wherever simulation is
/// not explicitly allowed.
/// </summary>
[Collection(EnclaveWorldCollection.Name)]
public sealed class SimulatedEvidenceTests(EnclaveWorld world)
{
    private const string Operator = "secretvaloper1simulated0operator";
    private readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private static Collateral SimCollateral() => Collateral.FromJson(File.ReadAllBytes(Path.Combine(TestPaths.SimAttestationDir, "collateral.json")));

    private static DcapVerifier SimVerifier() =>
        DcapVerifier.ForSimulation(Convert.FromHexString(File.ReadAllText(Path.Combine(TestPaths.SimAttestationDir, "root.sha256")).Trim()));

    private async Task<(byte[] Quote, byte[] Secp, byte[] X25519)> EvidenceAsync(string operatorId)
    {
        EnclaveIdentity identity = await world.Client.IdentityAsync(KeyBinding.OperatorHash(operatorId), Ct);
        var doc = JsonNode.Parse(identity.Raw)!;
        static byte[] Hex(JsonNode? n) => Convert.FromHexString(n!.GetValue<string>()[2..]);
        return (Hex(doc["evidence"]), Hex(doc["public_key"]), Hex(doc["x25519_public_key"]));
    }

    [Fact]
    public async Task Evidence_VerifiesUnderTheSimulationRoot_MarkedSimulated_AndBindsTheKeysAndOperator()
    {
        var (quote, secp, x25519) = await EvidenceAsync(Operator);
        using var collateral = SimCollateral();

        var verified = SimVerifier().Verify(quote, collateral, DateTimeOffset.UtcNow);

        Assert.True(verified.Simulated);
        Assert.Equal(3, verified.QuoteVersion);
        Assert.Equal(TcbStatus.UpToDate, verified.Status);
        Assert.False(verified.Report.Debug);
        KeyBinding.Check(verified.Report, secp, x25519, System.Text.Encoding.UTF8.GetBytes(Operator));
        var other = Assert.Throws<AttestationException>(() => KeyBinding.Check(verified.Report, secp, x25519, "another-operator"u8));
        Assert.Equal(AttestationCheck.ReportDataBinding, other.Check);
    }

    [Fact]
    public async Task Evidence_IsRefusedByIntelsVerifier_AndByAPolicyThatDoesNotAllowSimulation()
    {
        var (quote, _, _) = await EvidenceAsync(Operator);
        using var collateral = SimCollateral();

        var intel = Assert.Throws<AttestationException>(() => DcapVerifier.Intel.Verify(quote, collateral, DateTimeOffset.UtcNow));
        Assert.Equal(AttestationCheck.PckChainRootFingerprint, intel.Check);

        var verified = SimVerifier().Verify(quote, collateral, DateTimeOffset.UtcNow);
        var signer = new SignerRule(verified.Report.MrSigner.ToArray(), verified.Report.IsvProdId, verified.Report.IsvSvn);
        var refused = Assert.Throws<AttestationException>(() => new AttestationPolicy { Signers = [signer] }.Check(verified));
        Assert.Equal(AttestationCheck.PolicySimulation, refused.Check);
        new AttestationPolicy { Signers = [signer], AllowSimulation = true }.Check(verified);
    }

    [Fact]
    public async Task Evidence_WithAnyByteOfTheReportChanged_IsRefused()
    {
        var (quote, _, _) = await EvidenceAsync(Operator);
        using var collateral = SimCollateral();
        var verifier = SimVerifier();
        for (int i = 48; i < 48 + 384; i += 7)
        {
            var tampered = (byte[])quote.Clone();
            tampered[i] ^= 0x01;

            var ex = Assert.Throws<AttestationException>(() => verifier.Verify(tampered, collateral, DateTimeOffset.UtcNow));

            Assert.Equal(AttestationCheck.QuoteSignature, ex.Check);
        }
    }

    [Fact]
    public async Task Evidence_IsFreshlySigned_ButBindsTheSameKeys_EachTime()
    {
        var (first, _, _) = await EvidenceAsync(Operator);
        var (second, _, _) = await EvidenceAsync(Operator);
        using var a = SgxQuote.Parse(first);
        using var b = SgxQuote.Parse(second);

        Assert.True(a.ReportBody.Raw.Span.SequenceEqual(b.ReportBody.Raw.Span));
        Assert.True(a.AttestationKey.Span.SequenceEqual(b.AttestationKey.Span)); // one attestation key per enclave process
    }
}
