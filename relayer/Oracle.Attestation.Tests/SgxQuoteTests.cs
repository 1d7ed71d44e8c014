using System.Buffers.Binary;
using System.Text;

namespace Oracle.Attestation.Tests;

public sealed class SgxQuoteTests
{
    [Fact]
    public void Parse_ReturnsTypedQuote_WhenPhalaSample()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        Assert.Equal(3, quote.Header.Version);
        Assert.Equal(SgxQuoteHeader.EcdsaP256, quote.Header.AttestationKeyType);
        Assert.Equal(SgxQuoteHeader.TeeTypeSgx, quote.Header.TeeType);
        Assert.Equal("939a7233f79c4ca9940a0db3957f0607", Convert.ToHexStringLower(quote.Header.QeVendorId.Span));
        Assert.StartsWith("Hello, world!", Encoding.ASCII.GetString(quote.ReportBody.ReportData.Span));
        Assert.False(quote.ReportBody.Debug);
        Assert.Equal(64, quote.ReportBody.ReportData.Length);
        Assert.Equal(32, quote.ReportBody.MrEnclave.Length);
        Assert.Equal(32, quote.ReportBody.MrSigner.Length);
        Assert.Equal(16, quote.ReportBody.Attributes.Length);
        Assert.Equal(432, quote.SignedBytes.Length);
        Assert.Equal(64, quote.QuoteSignature.Length);
        Assert.Equal(64, quote.AttestationKey.Length);
        Assert.Equal(384, quote.QeReportBody.Raw.Length);
        Assert.Equal(64, quote.QeReportSignature.Length);
        Assert.Equal(32, quote.QeAuthData.Length);
        Assert.Equal(3, quote.PckChainPem.Count);
        Assert.Contains("Intel SGX PCK Certificate", quote.PckChainPem[0].Subject);
        Assert.Contains("Intel SGX Root CA", quote.PckChainPem[2].Subject);
    }

    [Fact]
    public void Parse_CarriesFmspcInPckLeaf_WhenPhalaSample()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        // The SGX extension (OID 1.2.840.113741.1.13.1) holds the FMSPC as a 6-byte OCTET STRING.
        var sgx = quote.PckChainPem[0].Extensions["1.2.840.113741.1.13.1"];
        Assert.NotNull(sgx);
        Assert.Contains("00a067110000", Convert.ToHexStringLower(sgx.RawData));
    }

    [Fact]
    public void Parse_ReportsDebug_WhenSecretNetworkDebugQuote()
    {
        using var quote = SgxQuote.Parse(Vectors.SecretNetworkDebugQuote());

        Assert.Equal(3, quote.Header.Version);
        Assert.True(quote.ReportBody.Debug);
        Assert.Equal(3, quote.PckChainPem.Count);
    }

    [Fact]
    public void Parse_ReadsV4Layout_WhenPhalaSampleIsRewrappedAsV4()
    {
        var v4 = RewrapAsV4(Vectors.PhalaQuote());
        using var v3Quote = SgxQuote.Parse(Vectors.PhalaQuote());

        using var quote = SgxQuote.Parse(v4);

        Assert.Equal(4, quote.Header.Version);
        Assert.True(quote.QeReportBody.Raw.Span.SequenceEqual(v3Quote.QeReportBody.Raw.Span));
        Assert.True(quote.QeAuthData.Span.SequenceEqual(v3Quote.QeAuthData.Span));
        Assert.Equal(3, quote.PckChainPem.Count);
        // The QE part is untouched, so its checks still pass; the header changed, so the quote signature fails.
        QuoteSignatureChecks.VerifyQeReportSignature(quote);
        QuoteSignatureChecks.VerifyQeReportData(quote);
        Assert.Equal(AttestationCheck.QuoteSignature, Assert.Throws<AttestationException>(() => QuoteSignatureChecks.VerifyQuoteSignature(quote)).Check);
    }

    [Fact]
    public void Parse_ThrowsCertificationDataType_WhenV4OuterTypeIsNot6()
    {
        var v4 = RewrapAsV4(Vectors.PhalaQuote());
        v4[436 + 128] = 5;

        var ex = Assert.Throws<AttestationException>(() => SgxQuote.Parse(v4).Dispose());
        Assert.Equal(AttestationCheck.CertificationDataType, ex.Check);
    }

    [Fact]
    public void Parse_ThrowsAttestationException_WhenV4TruncatedWithConsistentLengths()
    {
        var v4 = RewrapAsV4(Vectors.PhalaQuote());
        for (int length = 436; length < v4.Length; length++)
        {
            var cut = v4[..length];
            BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(432), (uint)(length - 436));
            if (length >= 436 + 128 + 6)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(436 + 128 + 2), (uint)(length - (436 + 128 + 6)));
            }
            var ex = Record.Exception(() => SgxQuote.Parse(cut).Dispose());
            Assert.True(ex is AttestationException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Parse_ThrowsAttestationException_WhenTruncatedAtAnyLength()
    {
        var bytes = Vectors.PhalaQuote();
        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Record.Exception(() => SgxQuote.Parse(bytes.AsSpan(0, length)).Dispose());
            Assert.True(ex is AttestationException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Parse_ThrowsAttestationException_WhenTruncatedWithConsistentSignatureDataLength()
    {
        // Keeps the outer length consistent so that the inner bounds (QE report, auth data,
        // certification data, PEM) are what must catch the truncation.
        var bytes = Vectors.PhalaQuote();
        for (int length = 436; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(432), (uint)(length - 436));
            var ex = Record.Exception(() => SgxQuote.Parse(cut).Dispose());
            Assert.True(ex is AttestationException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Theory]
    [InlineData("version 2", 0, 2, AttestationCheck.HeaderVersion)]
    [InlineData("version 5", 0, 5, AttestationCheck.HeaderVersion)]
    [InlineData("EPID key type", 2, 0, AttestationCheck.HeaderAttestationKeyType)]
    [InlineData("TDX tee type", 4, 0x81, AttestationCheck.HeaderTeeType)]
    [InlineData("signature data length + 1", 432, 0x45, AttestationCheck.SignatureDataLength)]
    [InlineData("QE auth data length huge", 436 + 64 + 64 + 384 + 64 + 1, 0xff, AttestationCheck.SignatureDataQeAuthData)]
    [InlineData("certification data type 4", 436 + 64 + 64 + 384 + 64 + 2 + 32, 4, AttestationCheck.CertificationDataType)]
    [InlineData("certification data size + 1", 436 + 64 + 64 + 384 + 64 + 2 + 32 + 2, 0xee, AttestationCheck.CertificationDataSize)]
    public void Parse_ThrowsNamedCheck_WhenOneFieldChanges(string name, int offset, byte value, string check)
    {
        var bytes = Vectors.PhalaQuote();
        bytes[offset] = value;

        var ex = Assert.Throws<AttestationException>(() => SgxQuote.Parse(bytes).Dispose());
        Assert.True(check == ex.Check, $"{name}: {ex.Message}");
    }

    [Fact]
    public void Parse_ThrowsPckChainCheck_WhenPemIsCorrupted()
    {
        var bytes = Vectors.PhalaQuote();
        int begin = Encoding.ASCII.GetString(bytes).IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        bytes[begin + 40] = (byte)'*';

        var ex = Assert.Throws<AttestationException>(() => SgxQuote.Parse(bytes).Dispose());
        Assert.Equal(AttestationCheck.CertificationDataPckChain, ex.Check);
    }

    /// <summary>
    /// Moves a v3 quote's QE report, QE report signature, auth data and PCK certification data
    /// into a v4 type-6 certification data block, and sets the version to 4.
    /// </summary>
    private static byte[] RewrapAsV4(byte[] v3)
    {
        const int keysEnd = 436 + 128;
        var inner = v3.AsSpan(keysEnd);
        var output = new List<byte>();
        output.AddRange(v3.AsSpan(0, keysEnd).ToArray());
        output.AddRange(BitConverter.GetBytes((ushort)6));
        output.AddRange(BitConverter.GetBytes((uint)inner.Length));
        output.AddRange(inner.ToArray());
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(432), (uint)(bytes.Length - 436));
        return bytes;
    }
}
