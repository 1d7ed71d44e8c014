namespace Oracle.Evm.Tests.Unit;

public sealed class Eip712Tests
{
    // The example of the EIP-712 specification (Mail from Cow to Bob).
    private const string MailTypes = "Mail(Person from,Person to,string contents)Person(string name,address wallet)";

    [Fact]
    public void TypedDataHash_MatchesSpecificationExample()
    {
        var types = Eip712Types.Parse(MailTypes);
        var domain = Eip712.DomainSeparator("Ether Mail", "1", 1, EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
        var mail = new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            ["contents"] = "Hello, Bob!",
        };

        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(domain));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Encode(Eip712.HashStruct(types, "Mail", mail)));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(Eip712.TypedDataHash(domain, types, "Mail", mail)));
    }

    [Fact]
    public void EncodeType_SortsReferencedTypes()
    {
        var types = Eip712Types.Parse("Z(B b,A a)B(A a)A(uint256 x)");

        Assert.Equal("Z(B b,A a)A(uint256 x)B(A a)", Eip712.EncodeType(types, "Z"));
    }

    [Fact]
    public void HashStruct_ThrowsNamingTheField_WhenValueIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => Eip712.HashStruct(MailTypes, new Dictionary<string, object?> { ["contents"] = "x" }));

        Assert.Contains("Mail.from", error.Message);
    }

    [Fact]
    public void ReportDigest_ChangesWithChainAndContract()
    {
        var contract = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        byte[] feed = new byte[32], request = new byte[32], sources = new byte[32];

        var a = Eip712.ReportDigest(31337, contract, feed, request, 1, -5, [], 1700000000, sources);
        var b = Eip712.ReportDigest(1, contract, feed, request, 1, -5, [], 1700000000, sources);
        var c = Eip712.ReportDigest(31337, EthAddress.Zero, feed, request, 1, -5, [], 1700000000, sources);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }
}
