using Oracle.Cosmos.Addresses;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Tests.Support;

namespace Oracle.Cosmos.Tests.Addresses;

public sealed class Bech32Tests
{
    private const string Valid = "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6";

    // BIP-173 valid checksums (the spec's test vectors).
    [Theory]
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    [InlineData("?1ezyfcl")]
    public void Decode_AcceptsBip173ValidChecksums(string text)
    {
        int sep = text.LastIndexOf('1');
        Assert.Equal(text[..sep].ToLowerInvariant(), Checksummed(text).Prefix);
    }

    private static (string Prefix, int Length) Checksummed(string text)
    {
        try
        {
            var (prefix, data) = Bech32.Decode(text);
            return (prefix, data.Length);
        }
        catch (Bech32Exception e) when (e.Code == Bech32Error.BadPadding)
        {
            // Some BIP-173 vectors carry 5-bit data that is not whole bytes; their checksum was still accepted.
            return (text[..text.LastIndexOf('1')].ToLowerInvariant(), -1);
        }
    }

    [Theory]
    [InlineData(Valid, null)]
    [InlineData("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rS6", Bech32Error.MixedCase)]
    [InlineData("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs7", Bech32Error.BadChecksum)]
    [InlineData("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8sr6", Bech32Error.BadChecksum)]
    [InlineData("cosmos1pkptrb7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6", Bech32Error.InvalidChar)]
    [InlineData("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6 ", Bech32Error.InvalidChar)]
    [InlineData("cosmos\u00e91pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6", Bech32Error.InvalidChar)]
    [InlineData("cosmospkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6", Bech32Error.NoSeparator)]
    [InlineData("cosmos1rs6", Bech32Error.NoSeparator)]
    [InlineData("1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6", Bech32Error.BadPrefix)]
    [InlineData("cosmoscosmoscosmoscosmoscosmoscosmoscosmoscosmoscosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6", Bech32Error.TooLong)]
    [InlineData("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", Bech32Error.TooLong)]
    [InlineData("a1lqfn3a", Bech32Error.BadChecksum)] // a valid bech32m string (BIP-350): not bech32
    public void Decode_ThrowsTheNamedError_WhenOneThingOfAValidAddressChanges(string text, Bech32Error? expected)
    {
        if (expected is null)
        {
            Assert.Equal(text, AccountAddress.Parse(text, "cosmos").Bech32Text);
            return;
        }
        var e = Assert.Throws<Bech32Exception>(() => AccountAddress.Parse(text));
        Assert.Equal(expected, e.Code);
    }

    [Theory]
    [InlineData("osmo", Bech32Error.WrongPrefix)]
    [InlineData("cosmosvaloper", Bech32Error.WrongPrefix)]
    public void Parse_ThrowsWrongPrefix_WhenPrefixIsNotTheExpectedOne(string expectedPrefix, Bech32Error error) =>
        Assert.Equal(error, Assert.Throws<Bech32Exception>(() => AccountAddress.Parse(Valid, expectedPrefix)).Code);

    [Theory]
    [InlineData("", Bech32Error.BadPrefix)]
    [InlineData("cos mos", Bech32Error.BadPrefix)]
    [InlineData("Cosmos", Bech32Error.MixedCase)]
    [InlineData("averyveryveryveryveryveryveryveryveryveryveryveryverylongprefix", Bech32Error.TooLong)]
    public void Encode_ThrowsTheNamedError_ForABadPrefix(string prefix, Bech32Error expected) =>
        Assert.Equal(expected, Assert.Throws<Bech32Exception>(() => Bech32.Encode(prefix, new byte[20])).Code);

    [Fact]
    public void Parse_ThrowsBadAddressLength_ForA32ByteContractAddress()
    {
        var contract = Bech32.Encode("wasm", new byte[32]);
        Assert.Equal(32, Bech32.Decode(contract).Data.Length);
        Assert.Equal(Bech32Error.BadAddressLength, Assert.Throws<Bech32Exception>(() => AccountAddress.Parse(contract)).Code);
    }

    [Fact]
    public void EncodeDecode_RoundTrip_ForUpperCaseInput()
    {
        var upper = Valid.ToUpperInvariant();
        var (prefix, data) = Bech32.Decode(upper);
        Assert.Equal("cosmos", prefix);
        Assert.Equal(Valid, Bech32.Encode(prefix, data));
    }

    [Fact]
    public void FromPublicKey_IsRipemd160OfSha256OfTheCompressedKey()
    {
        using var key = Secp256k1PrivateKey.FromBytes(Hex.Bytes("0000000000000000000000000000000000000000000000000000000000000001"));
        // hash160 of G's compressed encoding, the well-known Bitcoin address 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH.
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Hex.Of(AccountAddress.FromPublicKey(key.PublicKey, "cosmos").Bytes));
    }
}
