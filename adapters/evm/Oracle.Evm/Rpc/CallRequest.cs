using System.Numerics;
using System.Text.Json.Nodes;

namespace Oracle.Evm;

/// <summary>The transaction object of <c>eth_call</c> and <c>eth_estimateGas</c>.</summary>
public sealed record CallRequest
{
    /// <summary>The sender (matters for <c>msg.sender</c> checks and balance).</summary>
    public EthAddress? From { get; init; }

    /// <summary>The contract; null to simulate a creation.</summary>
    public EthAddress? To { get; init; }

    /// <summary>Call data.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>Value in wei.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Gas limit (node default when null).</summary>
    public ulong? Gas { get; init; }

    /// <summary>EIP-1559 fee cap, if the simulation should account for it.</summary>
    public BigInteger? MaxFeePerGas { get; init; }

    /// <summary>EIP-1559 tip cap.</summary>
    public BigInteger? MaxPriorityFeePerGas { get; init; }

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is { } from)
        {
            json["from"] = from.ToLowerHex();
        }
        if (To is { } to)
        {
            json["to"] = to.ToLowerHex();
        }
        json["data"] = Hex.Encode(Data);
        if (!Value.IsZero)
        {
            json["value"] = Hex.EncodeQuantity(Value);
        }
        if (Gas is { } gas)
        {
            json["gas"] = Hex.EncodeQuantity(gas);
        }
        if (MaxFeePerGas is { } maxFee)
        {
            json["maxFeePerGas"] = Hex.EncodeQuantity(maxFee);
        }
        if (MaxPriorityFeePerGas is { } tip)
        {
            json["maxPriorityFeePerGas"] = Hex.EncodeQuantity(tip);
        }
        return json;
    }
}
