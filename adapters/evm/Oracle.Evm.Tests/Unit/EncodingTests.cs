using System.Numerics;

namespace Oracle.Evm.Tests.Unit;

public sealed class EncodingTests
{
    [Fact]
    public void Keccak256_MatchesKnownDigest_ForEmptyInput() =>
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Keccak256.Hash([])));

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("function transfer(address to, uint256 amount)", "0xa9059cbb")]
    [InlineData("Error(string)", "0x08c379a0")]
    [InlineData("Panic(uint256)", "0x4e487b71")]
    public void Selector_MatchesKnownValue(string signature, string expected) => Assert.Equal(expected, Hex.Encode(Abi.Selector(signature)));

    [Fact]
    public void EventTopic_MatchesErc20Transfer() =>
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Hex.Encode(Abi.EventTopic("event Transfer(address indexed from, address indexed to, uint256 value)")));

    [Fact]
    public void Decode_ReadsLatestRoundDataTuple()
    {
        var data = Abi.Encode("uint80,int256,uint256,uint256,uint80", 7, -5, 100, 200, 7);

        var values = Abi.Decode("(uint80,int256,uint256,uint256,uint80)", data);

        Assert.Equal([7, -5, 100, 200, 7], values.Cast<BigInteger>());
    }

    [Theory]
    [InlineData("uint8", 256, "out of range")]
    [InlineData("int8", -129, "out of range")]
    [InlineData("bytes4", "0x0102", "needs 4 bytes")]
    [InlineData("address", true, "cannot encode")]
    public void Encode_ThrowsNamingTheProblem_WhenValueDoesNotFit(string type, object value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Abi.Encode(type, value));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("bytes33")]
    [InlineData("(uint256")]
    [InlineData("uint256[0]")]
    [InlineData("float")]
    public void ParseType_Throws_WhenTypeIsInvalid(string type) => Assert.Throws<FormatException>(() => AbiType.Parse(type));

    [Fact]
    public void Decode_Throws_WhenOffsetPointsPastTheEnd()
    {
        var data = Abi.Encode("bytes", new byte[] { 1, 2, 3 });
        data[31] = 0xff;

        Assert.Throws<FormatException>(() => Abi.Decode("bytes", data));
    }

    [Theory]
    [InlineData("0x")]       // no item at all
    [InlineData("0x8100")]   // a single byte below 0x80 must encode as itself
    [InlineData("0xb800")]   // long form for a short string
    [InlineData("0xc2")]     // truncated list
    [InlineData("0x0102")]   // trailing bytes
    public void RlpDecode_Throws_WhenInputIsNotCanonical(string input) => Assert.Throws<FormatException>(() => Rlp.Decode(Hex.Decode(input)));

    [Fact]
    public void RlpEncode_MatchesYellowPaperExamples()
    {
        Assert.Equal("0x83646f67", Hex.Encode(Rlp.Encode(System.Text.Encoding.ASCII.GetBytes("dog"))));
        Assert.Equal("0x80", Hex.Encode(Rlp.Encode(0)));
        Assert.Equal("0x820400", Hex.Encode(Rlp.Encode(1024)));
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.Encode(Rlp.Encode(new object[] { new object[0], new object[] { new object[0] }, new object[] { new object[0], new object[] { new object[0] } } })));
    }

    [Fact]
    public void DecodeRevert_DescribesPanicAndEmptyAndUnknownData()
    {
        Assert.Equal("Panic(0x11: arithmetic overflow or underflow)", Abi.DecodeRevert(Abi.EncodeError("Panic(uint256)", 0x11)).ToString());
        Assert.Equal("reverted without data", Abi.DecodeRevert([]).ToString());
        var unknown = Abi.DecodeRevert([1, 2, 3, 4, 5]);
        Assert.Equal("unknown", unknown.Name);
        Assert.Equal([1, 2, 3, 4, 5], unknown.Raw);
    }
}
