using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Base.V1Beta1;
using Oracle.Cosmos.Protos.Wasm.V1;

namespace Oracle.Cosmos.Tx;

/// <summary>A legacy amino JSON message: <c>{"type": ..., "value": {...}}</c>.</summary>
/// <param name="Type">The amino type name, e.g. <c>cosmos-sdk/MsgSend</c>.</param>
/// <param name="Value">The message's amino JSON value.</param>
public sealed record AminoMsg(string Type, JsonNode Value)
{
    /// <summary>The <c>{"type","value"}</c> object.</summary>
    public JsonObject ToJson() => new() { ["type"] = Type, ["value"] = Value.DeepClone() };
}

/// <summary>Amino JSON forms of the messages this layer signs (as cosmjs's amino converters write them).</summary>
public static class AminoMsgs
{
    /// <summary><c>cosmos-sdk/MsgSend</c>: from_address, to_address, amount (always present, possibly empty).</summary>
    public static AminoMsg Send(MsgSend msg)
    {
        ArgumentNullException.ThrowIfNull(msg);
        return new AminoMsg("cosmos-sdk/MsgSend", new JsonObject
        {
            ["from_address"] = msg.FromAddress,
            ["to_address"] = msg.ToAddress,
            ["amount"] = CoinsJson(msg.Amount),
        });
    }

    /// <summary>
    /// <c>wasm/MsgExecuteContract</c>: sender, contract, msg (the contract message embedded as a JSON value, not a
    /// string), funds (always present).
    /// </summary>
    /// <exception cref="TxException"><see cref="TxError.BadContractMsg"/> when msg is not UTF-8 JSON.</exception>
    /// <remarks>An object with a repeated key is rejected (JavaScript's JSON.parse would keep the last value).</remarks>
    public static AminoMsg ExecuteContract(MsgExecuteContract msg)
    {
        ArgumentNullException.ThrowIfNull(msg);
        JsonNode? parsed;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(msg.Msg.Span);
            parsed = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            SortedJson.Stringify(parsed); // materialises the whole tree now, so a duplicate key fails here
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            throw new TxException(TxError.BadContractMsg, "msg is not UTF-8 JSON: " + e.Message, e);
        }
        return new AminoMsg("wasm/MsgExecuteContract", new JsonObject
        {
            ["sender"] = msg.Sender,
            ["contract"] = msg.Contract,
            ["msg"] = parsed,
            ["funds"] = CoinsJson(msg.Funds),
        });
    }

    /// <summary>The amino form of a protobuf message this layer knows.</summary>
    /// <exception cref="TxException"><see cref="TxError.UnsupportedAminoType"/> for any other message type.</exception>
    public static AminoMsg From(Google.Protobuf.IMessage message) => message switch
    {
        MsgSend send => Send(send),
        MsgExecuteContract exec => ExecuteContract(exec),
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new TxException(TxError.UnsupportedAminoType, $"no amino JSON form for {message.Descriptor.FullName}"),
    };

    /// <summary>Coins as amino JSON: <c>[{"amount": ..., "denom": ...}]</c>.</summary>
    public static JsonArray CoinsJson(IEnumerable<Coin> coins)
    {
        ArgumentNullException.ThrowIfNull(coins);
        var array = new JsonArray();
        foreach (var c in coins)
        {
            array.Add(new JsonObject { ["denom"] = c.Denom, ["amount"] = c.Amount });
        }
        return array;
    }
}
