using System.Text;
using Google.Protobuf;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Wasm.V1;
using Oracle.Cosmos.Tx;

namespace Oracle.Cosmos.Tests.Tx;

public sealed class CoinAndAminoTests
{
    [Theory]
    [InlineData("uatom", "1", null)]
    [InlineData("ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2", "0", null)]
    [InlineData("ua", "1", "denom shorter than 3")]
    [InlineData("1atom", "1", "denom starts with a digit")]
    [InlineData("uat om", "1", "denom has a space")]
    [InlineData("uatom", "", "empty amount")]
    [InlineData("uatom", "-1", "negative amount")]
    [InlineData("uatom", "01", "leading zero")]
    [InlineData("uatom", "1.5", "decimal amount")]
    public void Coins_Of_ThrowsBadCoin_WhenDenomOrAmountBreaksTheSdkRule(string denom, string amount, string? rule)
    {
        if (rule is null)
        {
            Assert.Equal(amount, Coins.Of(denom, amount).Amount);
            return;
        }
        var e = Assert.Throws<TxException>(() => Coins.Of(denom, amount));
        Assert.Equal(TxError.BadCoin, e.Code);
    }

    [Fact]
    public void AminoSignDoc_SerializesMsgSendAsCosmjs_WithSortedKeysAndEscapes()
    {
        var send = new MsgSend { FromAddress = "cosmos1a", ToAddress = "cosmos1b", Amount = { Coins.Of("uatom", "5") } };
        var doc = new AminoSignDoc("chain-1", 3, 4, [Coins.Of("uatom", "10")], 200000, [AminoMsgs.Send(send)], "a<b>&c", timeoutHeight: 9);
        Assert.Equal(
            """{"account_number":"3","chain_id":"chain-1","fee":{"amount":[{"amount":"10","denom":"uatom"}],"gas":"200000"},"memo":"a\u003cb\u003e\u0026c","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"5","denom":"uatom"}],"from_address":"cosmos1a","to_address":"cosmos1b"}}],"sequence":"4","timeout_height":"9"}""",
            Encoding.UTF8.GetString(doc.SignBytes()));
    }

    [Fact]
    public void AminoMsgs_ExecuteContract_EmbedsTheMsgAsJsonAndKeepsEmptyFunds()
    {
        var exec = new MsgExecuteContract { Sender = "wasm1s", Contract = "wasm1c", Msg = ByteString.CopyFromUtf8("""{"b": 1e21, "a": {"x": [true, null]}}""") };
        var json = SortedJson.Stringify(AminoMsgs.ExecuteContract(exec).ToJson());
        Assert.Equal("""{"type":"wasm/MsgExecuteContract","value":{"contract":"wasm1c","funds":[],"msg":{"a":{"x":[true,null]},"b":1e+21},"sender":"wasm1s"}}""", json);
    }

    [Theory]
    [InlineData(new byte[] { 0x7b }, "truncated JSON")]
    [InlineData(new byte[] { 0xff, 0xfe }, "not UTF-8")]
    [InlineData(new byte[] { 0x7b, 0x61, 0x7d }, "unquoted key")]
    [InlineData(new byte[] { 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x2c, 0x22, 0x61, 0x22, 0x3a, 0x32, 0x7d }, "repeated key {\"a\":1,\"a\":2}")]
    [InlineData(new byte[] { 0x7b, 0x7d, 0x7d }, "trailing brace")]
    public void AminoMsgs_ExecuteContract_ThrowsBadContractMsg_WhenMsgIsNotJson(byte[] msg, string why)
    {
        var exec = new MsgExecuteContract { Sender = "wasm1s", Contract = "wasm1c", Msg = ByteString.CopyFrom(msg) };
        var e = Assert.Throws<TxException>(() => AminoMsgs.ExecuteContract(exec));
        Assert.True(e.Code == TxError.BadContractMsg, why);
    }

    [Fact]
    public void AminoMsgs_From_ThrowsUnsupportedAminoType_ForOtherMessages()
    {
        var e = Assert.Throws<TxException>(() => AminoMsgs.From(new Oracle.Cosmos.Protos.Auth.V1Beta1.BaseAccount()));
        Assert.Equal(TxError.UnsupportedAminoType, e.Code);
    }
}
