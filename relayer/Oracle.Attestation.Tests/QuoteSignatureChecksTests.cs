namespace Oracle.Attestation.Tests;

public sealed class QuoteSignatureChecksTests
{
    [Fact]
    public void VerifyAll_Passes_WhenPhalaSample()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        QuoteSignatureChecks.VerifyAll(quote);
    }

    [Fact]
    public void VerifyAll_Passes_WhenSecretNetworkDebugQuote()
    {
        // The signatures are sound; DEBUG is for the policy (a later slice) to reject.
        using var quote = SgxQuote.Parse(Vectors.SecretNetworkDebugQuote());

        QuoteSignatureChecks.VerifyAll(quote);
    }

    [Fact]
    public void VerifyQuoteSignature_Throws_WhenAnyByteOfHeaderOrReportBodyFlips()
    {
        var original = Vectors.PhalaQuote();
        int signatureFailures = 0;
        for (int i = 0; i < SgxQuoteHeader.Size + SgxReportBody.Size; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0x01;
            SgxQuote quote;
            try
            {
                quote = SgxQuote.Parse(bytes);
            }
            catch (AttestationException)
            {
                continue; // a header field the parser refuses (version, key type, TEE type)
            }
            using (quote)
            {
                var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQuoteSignature(quote));
                Assert.Equal(AttestationCheck.QuoteSignature, ex.Check);
                signatureFailures++;
            }
        }
        // Only the version, key type and TEE type bytes (8) may be refused by the parser instead.
        Assert.True(signatureFailures >= 432 - 8, $"{signatureFailures} flips reached the signature check");
    }

    [Fact]
    public void VerifyQeReportSignature_Throws_WhenAnyByteOfQeReportFlips()
    {
        var original = Vectors.PhalaQuote();
        const int qeReportOffset = 436 + 64 + 64;
        for (int i = 0; i < SgxReportBody.Size; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[qeReportOffset + i] ^= 0x80;
            using var quote = SgxQuote.Parse(bytes);

            var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQeReportSignature(quote));
            Assert.Equal(AttestationCheck.QeReportSignature, ex.Check);
        }
    }

    [Fact]
    public void VerifyQeReportSignature_Throws_WhenSignatureFlips()
    {
        var bytes = Vectors.PhalaQuote();
        bytes[436 + 64 + 64 + 384 + 10] ^= 0x01;
        using var quote = SgxQuote.Parse(bytes);

        var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQeReportSignature(quote));
        Assert.Equal(AttestationCheck.QeReportSignature, ex.Check);
    }

    [Fact]
    public void VerifyQeReportData_Throws_WhenQeAuthDataFlips()
    {
        var bytes = Vectors.PhalaQuote();
        bytes[436 + 64 + 64 + 384 + 64 + 2] ^= 0x01;
        using var quote = SgxQuote.Parse(bytes);

        var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQeReportData(quote));
        Assert.Equal(AttestationCheck.QeReportData, ex.Check);
    }

    [Fact]
    public void VerifyQeReportData_Throws_WhenAttestationKeyFlips()
    {
        var bytes = Vectors.PhalaQuote();
        bytes[436 + 64 + 5] ^= 0x01;
        using var quote = SgxQuote.Parse(bytes);

        var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQeReportData(quote));
        Assert.Equal(AttestationCheck.QeReportData, ex.Check);
    }

    [Fact]
    public void VerifyQuoteSignature_ThrowsAttestationKeyCheck_WhenKeyIsNotOnCurve()
    {
        var bytes = Vectors.PhalaQuote();
        bytes[436 + 64 + 63] ^= 0x01; // changes y only: (x, y') is off the curve
        using var quote = SgxQuote.Parse(bytes);

        var ex = Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQuoteSignature(quote));
        Assert.Equal(AttestationCheck.AttestationKey, ex.Check);
    }
}
