using System.Text.Json;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Crypto.Secp256k1;
using Oracle.Cosmos.Protos.Tx.V1Beta1;
using Oracle.Cosmos.Tests.Support;
using Oracle.Cosmos.Tx;

namespace Oracle.Cosmos.Tests.Tx;

/// <summary>../shared/vectors/cosmos-sign/cosmjs-direct.json (cosmjs proto-signing testutils), byte for byte.</summary>
public sealed class DirectVectorTests
{
    private static readonly JsonElement Doc = JsonDocument.Parse(File.ReadAllText(RepoRoot.Vector("cosmos-sign", "cosmjs-direct.json"))).RootElement;

    public static TheoryData<int> Vectors() => [.. Enumerable.Range(0, Doc.GetProperty("vectors").GetArrayLength())];

    private static HdAccount Account() =>
        HdAccount.FromMnemonic(Mnemonic.Parse(Doc.GetProperty("mnemonic").GetString()!), Bip32Path.Parse(Doc.GetProperty("hdPath").GetString()!), "cosmos");

    [Fact]
    public void FromMnemonic_DerivesTheVectorKeyAndAddress_AtCosmosHubPath()
    {
        using var account = Account();
        Assert.Equal(Doc.GetProperty("pubkeyCompressedBase64").GetString(), Convert.ToBase64String(account.PublicKey.Compressed));
        Assert.Equal(Doc.GetProperty("address").GetString(), account.Address.Bech32Text);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Builder_ReproducesBodyAuthInfoSignBytesAndSignature_ForEachVector(int index)
    {
        var v = Doc.GetProperty("vectors")[index];
        using var account = Account();
        // The vector's own body, decoded, tells which message it carries; we rebuild it from its fields.
        var vectorBody = TxBody.Parser.ParseFrom(Hex.Bytes(v.GetProperty("bodyBytes").GetString()!));
        var send = MsgSend.Parser.ParseFrom(vectorBody.Messages.Single().Value);
        var vectorAuth = AuthInfo.Parser.ParseFrom(Hex.Bytes(v.GetProperty("authInfoBytes").GetString()!));
        var builder = new TxBuilder()
            .AddMessage(new MsgSend { FromAddress = account.Address.Bech32Text, ToAddress = send.ToAddress, Amount = { send.Amount } })
            .WithMemo(vectorBody.Memo)
            .WithFee(vectorAuth.Fee.Amount, vectorAuth.Fee.GasLimit)
            .WithSigner(account.PublicKey, v.GetProperty("sequence").GetUInt64());
        var doc = builder.ToSignDoc(Doc.GetProperty("chainId").GetString()!, Doc.GetProperty("accountNumber").GetUInt64());

        Assert.Equal(v.GetProperty("bodyBytes").GetString(), Hex.Of(doc.BodyBytes));
        Assert.Equal(v.GetProperty("authInfoBytes").GetString(), Hex.Of(doc.AuthInfoBytes));
        Assert.Equal(v.GetProperty("signBytes").GetString(), Hex.Of(doc.SignBytes()));
        var signed = doc.Sign(account.Key);
        Assert.Equal(v.GetProperty("signature").GetString(), Hex.Of(signed.Signatures[0]));

        var decoded = SignedTx.Decode(signed.ToTxRawBytes());
        Assert.Equal(v.GetProperty("bodyBytes").GetString(), Hex.Of(decoded.BodyBytes));
        Assert.Equal(v.GetProperty("authInfoBytes").GetString(), Hex.Of(decoded.AuthInfoBytes));
        Assert.Equal(v.GetProperty("signature").GetString(), Hex.Of(decoded.Signatures.Single()));
        Assert.True(account.PublicKey.Verify(doc.SignBytes(), decoded.Signatures[0]));
    }

    [Fact]
    public void AuthInfo_CarriesTheSecp256k1PubKeyAny_AsCosmosSdkExpects()
    {
        using var account = Account();
        var auth = AuthInfo.Parser.ParseFrom(new TxBuilder().WithSigner(account.PublicKey, 7).AuthInfoBytes());
        var info = auth.SignerInfos.Single();
        Assert.Equal("/cosmos.crypto.secp256k1.PubKey", info.PublicKey.TypeUrl);
        Assert.Equal(account.PublicKey.ToBytes(), PubKey.Parser.ParseFrom(info.PublicKey.Value).Key.ToByteArray());
        Assert.Equal(7UL, info.Sequence);
        Assert.Equal(Oracle.Cosmos.Protos.Tx.Signing.V1Beta1.SignMode.Direct, info.ModeInfo.Single.Mode);
    }

    [Fact]
    public void Decode_ThrowsMalformedTx_WhenBytesAreNotATxRaw()
    {
        var e = Assert.Throws<TxException>(() => SignedTx.Decode([0x0a, 0x05, 0x01]));
        Assert.Equal(TxError.MalformedTx, e.Code);
    }

    [Fact]
    public void AuthInfoBytes_ThrowsMissingSigner_WhenNoSignerIsSet()
    {
        var e = Assert.Throws<TxException>(() => new TxBuilder().AuthInfoBytes());
        Assert.Equal(TxError.MissingSigner, e.Code);
    }
}
