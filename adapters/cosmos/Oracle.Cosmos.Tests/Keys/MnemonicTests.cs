using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Tests.Support;

namespace Oracle.Cosmos.Tests.Keys;

public sealed class MnemonicTests
{
    private const string Valid12 = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    [Fact]
    public void EnglishWordlist_HasThePublishedBip39Checksum()
    {
        var text = string.Join('\n', Bip39Wordlist.English) + "\n";
        Assert.Equal("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda", Hex.Of(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    public static TheoryData<string, string, string> Bip39Vectors()
    {
        var doc = JsonDocument.Parse(File.ReadAllText(RepoRoot.Vector("cosmjs-crypto", "packages", "crypto", "src", "testdata", "bip39.json"))).RootElement;
        var data = new TheoryData<string, string, string>();
        foreach (var group in doc.GetProperty("encoding").EnumerateObject())
        {
            foreach (var v in group.Value.EnumerateArray())
            {
                data.Add(group.Name, v.GetProperty("entropy").GetString()!, v.GetProperty("mnemonic").GetString()!);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Bip39Vectors))]
    public void FromEntropyAndParse_RoundTrip_ForCosmjsBip39Vectors(string words, string entropy, string mnemonic)
    {
        var fromEntropy = Mnemonic.FromEntropy(Hex.Bytes(entropy));
        Assert.Equal(mnemonic, fromEntropy.Phrase);
        Assert.Equal(int.Parse(words, System.Globalization.CultureInfo.InvariantCulture), fromEntropy.Words.Count);
        Assert.Equal(entropy, Hex.Of(Mnemonic.Parse(mnemonic).Entropy));
    }

    [Fact]
    public void Bip39Vectors_CoverEveryWordCount() =>
        Assert.Equal(["12", "15", "18", "21", "24"], Bip39Vectors().Select(r => (string)r[0]).Distinct().Order());

    [Fact]
    public void ToSeed_MatchesTheBip39ReferenceSeed_ForTrezorPassphrase()
    {
        // BIP-39 reference vector (trezor/python-mnemonic vectors.json, passphrase "TREZOR"), first entry.
        var seed = Mnemonic.Parse(Valid12).ToSeed("TREZOR");
        Assert.Equal("c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04", Hex.Of(seed));
    }

    [Theory]
    [InlineData(Valid12, null)]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonx", KeyError.UnknownWord)]
    [InlineData("Abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", KeyError.UnknownWord)]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", KeyError.BadChecksum)]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", KeyError.BadWordCount)]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", KeyError.BadWordCount)]
    [InlineData("", KeyError.BadWordCount)]
    [InlineData("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo", KeyError.BadChecksum)]
    public void Parse_ThrowsTheNamedError_WhenOneThingOfAValidMnemonicChanges(string phrase, KeyError? expected)
    {
        if (expected is null)
        {
            Assert.Equal(phrase, Mnemonic.Parse(phrase).Phrase);
            return;
        }
        var e = Assert.Throws<KeyException>(() => Mnemonic.Parse(phrase));
        Assert.Equal(expected, e.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    public void FromEntropy_ThrowsBadEntropyLength_WhenLengthIsNotAMultipleOf4From16To32(int length)
    {
        var e = Assert.Throws<KeyException>(() => Mnemonic.FromEntropy(new byte[length]));
        Assert.Equal(KeyError.BadEntropyLength, e.Code);
    }
}
