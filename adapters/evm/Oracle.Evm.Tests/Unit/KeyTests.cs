namespace Oracle.Evm.Tests.Unit;

public sealed class KeyTests
{
    [Fact]
    public void FromPrivateKey_GivesAnvilAccount0Address() =>
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            EthKey.FromPrivateKey("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").Address.ToString());

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("0x01")]
    public void FromPrivateKey_Throws_WhenKeyIsOutOfRange(string key) => Assert.Throws<ArgumentException>(() => EthKey.FromPrivateKey(key));

    [Fact]
    public void Generate_SignsRecoverably()
    {
        using var key = EthKey.Generate();
        var hash = Keccak256.Hash("message");

        var signature = key.Sign(hash);

        Assert.Equal(key.Address, signature.Recover(hash));
        Assert.True(signature.IsLowS);
        Assert.Equal(signature, key.Sign(hash)); // RFC 6979: deterministic
        Assert.Equal(27 + signature.V, signature.ToBytes65()[64]);
    }

    [Fact]
    public void Recover_GivesAnotherAddress_WhenHashDiffers()
    {
        using var key = EthKey.Generate();
        var signature = key.Sign(Keccak256.Hash("a"));

        Assert.NotEqual(key.Address, signature.Recover(Keccak256.Hash("b")));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", true)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true)]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", true)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", false)] // checksum broken
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", false)]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00", false)]
    public void TryParse_AcceptsOnlyValidChecksums(string text, bool valid) => Assert.Equal(valid, EthAddress.TryParse(text, out _));

    [Fact]
    public void Default_IsZeroAddress() => Assert.Equal("0x0000000000000000000000000000000000000000", default(EthAddress).ToString());
}
