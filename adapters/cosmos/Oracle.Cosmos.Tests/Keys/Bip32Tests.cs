using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Tests.Support;

namespace Oracle.Cosmos.Tests.Keys;

public sealed class Bip32Tests
{
    // BIP-32 test vector 1 (seed 000102...0f): master, m/0', m/0'/1 (hardened then normal derivation).
    [Theory]
    [InlineData("m", "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35", "873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508")]
    [InlineData("m/0'", "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea", "47fdacbd0f1097043b78c63c20c34ef4ed9a111d980047ad16282c7ae6236141")]
    [InlineData("m/0'/1", "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368", "2a7857631386ba23dacac34180dd1983734e444fdbf774041578e9b6adb37c19")]
    public void Derive_MatchesBip32TestVector1(string path, string key, string chainCode)
    {
        using var master = ExtendedPrivateKey.FromSeed(Hex.Bytes("000102030405060708090a0b0c0d0e0f"));
        using var node = master.Derive(Bip32Path.Parse(path));
        using var privateKey = node.PrivateKey();
        Assert.Equal(key, Hex.Of(privateKey.ToBytes()));
        Assert.Equal(chainCode, Hex.Of(node.ChainCode));
    }

    [Theory]
    [InlineData("m/44'/118'/0'/0/0", null)]
    [InlineData("m", null)]
    [InlineData("m/44h/118H/0'/0/2147483647", null)]
    [InlineData("44'/118'/0'/0/0", KeyError.BadPath)]
    [InlineData("M/44'/118'/0'/0/0", KeyError.BadPath)]
    [InlineData("m/44'/118'/0'/0/", KeyError.BadPath)]
    [InlineData("m//118'/0'/0/0", KeyError.BadPath)]
    [InlineData("m/44'/-118'/0'/0/0", KeyError.BadPath)]
    [InlineData("m/44'/+118'/0'/0/0", KeyError.BadPath)]
    [InlineData("m/44''/118'/0'/0/0", KeyError.BadPath)]
    [InlineData("m/44'/118'/0'/0/x", KeyError.BadPath)]
    [InlineData("m/44'/118'/0'/0/ 0", KeyError.BadPath)]
    [InlineData("m/44'/118'/0'/0/00", KeyError.BadPath)]
    [InlineData("m/44'/118'/0'/0/2147483648", KeyError.IndexOutOfRange)]
    [InlineData("m/44'/118'/0'/0/4294967295", KeyError.IndexOutOfRange)]
    [InlineData("m/44'/118'/2147483648'/0/0", KeyError.IndexOutOfRange)]
    [InlineData("m/44'/118'/0'/0/99999999999", KeyError.BadPath)]
    public void Parse_ThrowsTheNamedError_WhenOneComponentOfAValidPathChanges(string path, KeyError? expected)
    {
        if (expected is null)
        {
            var parsed = Bip32Path.Parse(path);
            Assert.Equal(path.Count(c => c == '/'), parsed.Indices.Count);
            Assert.Equal(Bip32Path.Parse(parsed.ToString()).Indices, parsed.Indices);
            return;
        }
        var e = Assert.Throws<KeyException>(() => Bip32Path.Parse(path));
        Assert.Equal(expected, e.Code);
    }

    [Fact]
    public void Parse_SetsTheHardenedBit_OnlyForMarkedComponents() =>
        Assert.Equal([44u | Bip32Path.HardenedBit, 118u | Bip32Path.HardenedBit, 0u | Bip32Path.HardenedBit, 0u, 0u], Bip32Path.CosmosHub.Indices);

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(65)]
    public void FromSeed_ThrowsBadSeedLength_WhenSeedIsNot16To64Bytes(int length)
    {
        var e = Assert.Throws<KeyException>(() => ExtendedPrivateKey.FromSeed(new byte[length]));
        Assert.Equal(KeyError.BadSeedLength, e.Code);
    }
}
