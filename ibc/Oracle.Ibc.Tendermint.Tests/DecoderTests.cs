using System.Text;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Oracle.Ibc.Tendermint.Testing;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>The JSON and protobuf decoders on good and bad input.</summary>
public sealed class DecoderTests
{
    private static string ValidJson() => Encoding.UTF8.GetString(TestData.LoadSingleStep("MC4_4_faulty_TestSuccess.json").Steps[1].BlockJson);

    public static IEnumerable<object[]> BadJson() =>
    [
        ["empty", "", TendermintError.MalformedJson],
        ["truncated", "{\"signed_header\": {", TendermintError.MalformedJson],
        ["not JSON", "light block", TendermintError.MalformedJson],
        ["trailing comma", "{\"a\": 1,}", TendermintError.MalformedJson],
        ["duplicate property", "{\"signed_header\": {}, \"signed_header\": {}}", TendermintError.MalformedJson],
        ["nesting deeper than 64", new string('[', 100) + new string(']', 100), TendermintError.MalformedJson],
        ["an array at the root", "[]", TendermintError.InvalidJsonField],
        ["missing signed_header", "{\"validator_set\": {\"validators\": []}}", TendermintError.InvalidJsonField],
        ["height not a number", "H:\"height\": \"abc\"", TendermintError.InvalidJsonField],
        ["height above int64", "H:\"height\": \"9223372036854775808\"", TendermintError.InvalidJsonField],
        ["height with a plus sign", "H:\"height\": \"+4\"", TendermintError.InvalidJsonField],
        ["height a fraction", "H:\"height\": 4.5", TendermintError.InvalidJsonField],
        ["time not RFC 3339", "H:\"time\": \"yesterday\"", TendermintError.InvalidJsonField],
        ["time with ten fraction digits", "H:\"time\": \"1970-01-01T00:00:01.0000000001Z\"", TendermintError.InvalidJsonField],
        ["time on February 30", "H:\"time\": \"2020-02-30T00:00:00Z\"", TendermintError.InvalidJsonField],
        ["hash not hex", "H:\"app_hash\": \"XYZ0\"", TendermintError.InvalidJsonField],
        ["hash of odd length", "H:\"app_hash\": \"ABC\"", TendermintError.InvalidJsonField],
        ["chain id a number", "H:\"chain_id\": 5", TendermintError.InvalidJsonField],
    ];

    [Theory]
    [MemberData(nameof(BadJson))]
    public void DecodeLightBlock_FailsWithTheNamedError_ForBadJson(string name, string json, TendermintError expected)
    {
        if (json.StartsWith("H:", StringComparison.Ordinal))
            json = ReplaceHeaderMember(ValidJson(), json[2..]);
        var result = TendermintJson.TryDecodeLightBlock(Encoding.UTF8.GetBytes(json), out var block);
        Assert.True(expected == result.Error, $"{name}: expected {expected}, got {result}");
        Assert.Null(block);
    }

    [Theory]
    [InlineData("signature not base64", "\"signature\":\"", "\"signature\":\"!!!!", TendermintError.InvalidJsonField)]
    [InlineData("unknown key type", "tendermint/PubKeyEd25519", "tendermint/PubKeySr25519", TendermintError.InvalidJsonField)]
    [InlineData("voting power as an object", "\"voting_power\":\"50\"", "\"voting_power\":{}", TendermintError.InvalidJsonField)]
    [InlineData("round above int32", "\"round\":1", "\"round\":2147483648", TendermintError.InvalidJsonField)]
    public void DecodeLightBlock_FailsWithTheNamedError_ForBadMembers(string name, string find, string replace, TendermintError expected)
    {
        var json = ValidJson().Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(ValidJson(), json);
        var result = TendermintJson.TryDecodeLightBlock(Encoding.UTF8.GetBytes(json), out _);
        Assert.True(expected == result.Error, $"{name}: expected {expected}, got {result}");
    }

    [Fact]
    public void DecodeLightBlock_RefusesJsonOver16MiB()
    {
        var json = new byte[Limits.MaxJsonBytes + 1];
        Array.Fill(json, (byte)' ');
        Assert.Equal(TendermintError.InputTooLarge, TendermintJson.TryDecodeLightBlock(json, out _).Error);
    }

    [Fact]
    public void ReadValidatorSet_RefusesMoreThan10000Validators()
    {
        var validator = "{\"address\":\"00\",\"pub_key\":{\"type\":\"tendermint/PubKeyEd25519\",\"value\":\"\"},\"voting_power\":\"1\"}";
        var json = "{\"validators\":[" + string.Join(",", Enumerable.Repeat(validator, Limits.MaxValidators + 1)) + "]}";
        using var doc = TendermintJson.Parse(Encoding.UTF8.GetBytes(json));
        var e = Assert.Throws<TendermintException>(() => TendermintJson.ReadValidatorSet(doc.RootElement));
        Assert.Equal(TendermintError.InputTooLarge, e.Error);
    }

    [Fact]
    public void DecodeLightBlock_ReadsNullArraysAsEmpty_AndSortsValidatorsAsCometBft()
    {
        var json = ValidJson();
        Assert.True(TendermintJson.TryDecodeLightBlock(Encoding.UTF8.GetBytes(json), out var block).IsOk);
        var vals = block!.Validators.Validators;
        Assert.True(vals.Zip(vals.Skip(1)).All(p => TendermintJson.CanonicalOrder(p.First, p.Second) < 0));
        using var doc = TendermintJson.Parse(Encoding.UTF8.GetBytes("{\"height\":\"1\",\"round\":0,\"block_id\":{\"hash\":\"\",\"parts\":{\"total\":1,\"hash\":\"AA\"}},\"signatures\":null}"));
        var commit = TendermintJson.ReadCommit(doc.RootElement);
        Assert.Empty(commit.Signatures);
        Assert.Equal(1u, commit.BlockId.PartSetHeader.Total);
    }

    [Fact]
    public void TimeParser_KeepsNanoseconds_AndOffsets()
    {
        Assert.True(TmTime.TryParse("2020-11-18T12:36:18.160570297Z", out var t));
        Assert.Equal(160570297, t.Nanos);
        Assert.Equal("2020-11-18T12:36:18.160570297Z", t.ToString());
        Assert.True(TmTime.TryParse("2020-11-18T14:36:18.5+02:00", out var u));
        Assert.Equal(new TmTime(t.Seconds, 500_000_000), u);
        Assert.True(TmTime.TryParse("0001-01-01T00:00:00Z", out var zero));
        Assert.Equal(TmTime.GoZero, zero);
        Assert.False(TmTime.TryParse("0000-12-31T23:59:59Z", out _));
        Assert.False(TmTime.TryParse("2020-11-18T12:36:18.Z", out _));
        Assert.False(TmTime.TryParse("2020-11-18 12:36:18Z", out _));
    }

    public static IEnumerable<object[]> BadProtobuf() =>
    [
        ["random bytes", new byte[] { 0xFF, 0xFF, 0xFF }, TendermintError.MalformedProtobuf],
        ["truncated", Encoded()[..^3], TendermintError.MalformedProtobuf],
        ["unknown field appended", (byte[])[.. Encoded(), 0xF8, 0x01, 0x01], TendermintError.NonCanonicalEncoding],
        ["default value written out", (byte[])[0x1A, 0x00, .. Encoded()], TendermintError.NonCanonicalEncoding],
        ["field repeated", (byte[])[.. Encoded(), .. Encoded()], TendermintError.NonCanonicalEncoding],
    ];

    [Theory]
    [MemberData(nameof(BadProtobuf))]
    public void DecodeLightBlockProto_FailsWithTheNamedError(string name, byte[] bytes, TendermintError expected)
    {
        var result = TendermintProto.TryDecodeLightBlock(bytes, out var block);
        Assert.True(expected == result.Error, $"{name}: expected {expected}, got {result}");
        Assert.Null(block);
    }

    [Fact]
    public void DecodeLightBlockProto_RefusesOversizeInputAndTooManyValidators()
    {
        Assert.Equal(TendermintError.InputTooLarge, TendermintProto.TryDecodeLightBlock(new byte[Limits.MaxProtobufBytes + 1], out _).Error);
        var set = new ValidatorSet();
        for (var i = 0; i <= Limits.MaxValidators; i++)
            set.Validators.Add(new Validator { VotingPower = 1 });
        var e = Assert.Throws<TendermintException>(() => TendermintProto.DecodeValidatorSet(set.ToByteArray()));
        Assert.Equal(TendermintError.InputTooLarge, e.Error);
    }

    [Fact]
    public void ProtobufAndJson_RoundTrip_ToTheSameBlock()
    {
        var block = TendermintJson.DecodeLightBlock(Encoding.UTF8.GetBytes(ValidJson()));
        var decoded = TendermintProto.DecodeLightBlock(block.ToProto().ToByteArray());
        Assert.Equal(block.ToProto(), decoded);
        var chain = new TestChain(3, seed: 1);
        var header = new Protos.Ibc.Header
        {
            SignedHeader = chain.Block(5, new TmTime(1_700_000_000, 5)).SignedHeader,
            ValidatorSet = chain.Validators,
            TrustedHeight = new Protos.Ibc.Height { RevisionHeight = 4 },
            TrustedValidators = chain.Validators,
        };
        Assert.Equal(header, TendermintProto.DecodeIbcHeader(header.ToByteArray()));
    }

    private static byte[] Encoded() => TendermintJson.DecodeLightBlock(Encoding.UTF8.GetBytes(ValidJson())).ToProto().ToByteArray();

    /// <summary>Replaces one member of the header, e.g. <c>"height": "abc"</c>.</summary>
    private static string ReplaceHeaderMember(string json, string member)
    {
        var name = member[..(member.IndexOf(':', StringComparison.Ordinal) + 1)];
        var headerAt = json.IndexOf("\"header\"", StringComparison.Ordinal);
        var at = json.IndexOf(name, headerAt, StringComparison.Ordinal);
        var end = json.IndexOfAny([',', '}'], at + name.Length);
        return json[..at] + member + json[end..];
    }
}
