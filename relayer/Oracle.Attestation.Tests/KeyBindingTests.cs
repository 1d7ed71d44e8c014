using System.Security.Cryptography;
using System.Text;

namespace Oracle.Attestation.Tests;

public sealed class KeyBindingTests
{
    private static SgxReportBody ReportWith(byte[] reportData)
    {
        var raw = new byte[SgxReportBody.Size];
        reportData.CopyTo(raw, 320);
        // Only the report body is needed: build it through the public record.
        return new SgxReportBody(raw[..16], 0, raw.AsMemory(48, 16), raw.AsMemory(64, 32), raw.AsMemory(128, 32), 0, 0, raw.AsMemory(320, 64), raw);
    }

    [Fact]
    public void ReportData_IsTheDesignsLayout()
    {
        var secp = RandomNumberGenerator.GetBytes(64);
        var x25519 = RandomNumberGenerator.GetBytes(32);
        var op = Encoding.UTF8.GetBytes("secretvaloper1xyz");

        var data = KeyBinding.ReportData(secp, x25519, op);

        Assert.Equal(SHA256.HashData([.. Encoding.ASCII.GetBytes("AttestedOracle/v1"), .. secp, .. x25519]), data[..32]);
        Assert.Equal(SHA256.HashData(op), data[32..]);
        KeyBinding.Check(ReportWith(data), secp, x25519, op);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Check_Fails_WhenAKeyOrTheOperatorDiffers(int which)
    {
        var secp = RandomNumberGenerator.GetBytes(64);
        var x25519 = RandomNumberGenerator.GetBytes(32);
        var op = Encoding.UTF8.GetBytes("validator-1");
        var report = ReportWith(KeyBinding.ReportData(secp, x25519, op));
        (which == 0 ? secp : which == 1 ? x25519 : op)[0] ^= 1;

        var ex = Assert.Throws<AttestationException>(() => KeyBinding.Check(report, secp, x25519, op));

        Assert.Equal(AttestationCheck.ReportDataBinding, ex.Check);
    }

    [Fact]
    public void KeysHash_RefusesWrongKeyLengths()
    {
        Assert.Throws<ArgumentException>(() => KeyBinding.KeysHash(new byte[65], new byte[32]));
        Assert.Throws<ArgumentException>(() => KeyBinding.KeysHash(new byte[64], new byte[31]));
    }
}
