using System.Diagnostics;

namespace Oracle.Attestation.Tests;

/// <summary>
/// Bounded fuzzing of the quote parser, the verifier and the collateral reader: random
/// mutations must be refused with an <see cref="AttestationException"/>, never escape as
/// another exception, and never be accepted with different content.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);
    private const int MaxIterations = 20_000;

    [Fact]
    public void Quote_Mutations_AreRefusedCleanly_OrKeepTheSameContent()
    {
        var original = Vectors.PhalaQuote();
        using var collateral = Vectors.PhalaCollateral();
        using var reference = SgxQuote.Parse(original);
        var random = new Random(20261124);
        int refused = 0, accepted = 0, iterations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget && iterations < MaxIterations)
        {
            iterations++;
            var mutated = Mutate(original, random);
            try
            {
                using var quote = SgxQuote.Parse(mutated);
                var verified = DcapVerifier.Intel.Verify(quote, collateral, Vectors.PhalaVerificationTime);
                // Accepted: only bytes nothing depends on may have changed (PEM layout whitespace).
                Assert.True(verified.Report.Raw.Span.SequenceEqual(reference.ReportBody.Raw.Span), $"iteration {iterations}: accepted with another report body");
                Assert.Equal(reference.PckChainPem.Select(c => Convert.ToHexString(c.RawData)), quote.PckChainPem.Select(c => Convert.ToHexString(c.RawData)));
                accepted++;
            }
            catch (AttestationException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Check));
                refused++;
            }
        }
        Assert.True(refused > 100, $"only {refused} mutations refused in {iterations} iterations");
    }

    [Fact]
    public void Collateral_Mutations_AreRefusedCleanly()
    {
        var original = Vectors.PhalaCollateralJson();
        var random = new Random(1124);
        int iterations = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget && iterations < MaxIterations)
        {
            iterations++;
            var mutated = Mutate(original, random);
            try
            {
                using var collateral = Collateral.FromJson(mutated);
                DcapVerifier.Intel.Verify(Vectors.PhalaQuote(), collateral, Vectors.PhalaVerificationTime);
            }
            catch (AttestationException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Check));
                refused++;
            }
        }
        Assert.True(refused > 100, $"only {refused} mutations refused in {iterations} iterations");
    }

    [Fact]
    public void Truncations_AtEveryLength_AreRefused()
    {
        var original = Vectors.PhalaQuote();
        for (int length = 0; length < original.Length; length++)
        {
            var ex = Assert.Throws<AttestationException>(() => SgxQuote.Parse(original.AsSpan(0, length)));
            Assert.StartsWith("quote.", ex.Check, StringComparison.Ordinal);
        }
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var data = new List<byte>(input);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = (byte)random.Next(256); break;
                case 2: data.RemoveAt(at); break;
                case 3: data.Insert(at, (byte)random.Next(256)); break;
                case 4: data.RemoveRange(at, data.Count - at); break;
                default:
                    // A length-field-sized overwrite with a large value.
                    for (int i = 0; i < 4 && at + i < data.Count; i++)
                    {
                        data[at + i] = 0xff;
                    }
                    break;
            }
        }
        return [.. data];
    }
}
