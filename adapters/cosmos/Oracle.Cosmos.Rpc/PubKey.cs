using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>A validator's public key as CometBFT writes it: <c>{"type":"tendermint/PubKeyEd25519","value":base64}</c>.</summary>
/// <param name="Type">The Amino type name, e.g. <see cref="Ed25519Type"/>.</param>
/// <param name="Value">The raw key bytes (32 for Ed25519, 33 compressed for secp256k1).</param>
public sealed record PubKey(string Type, byte[] Value)
{
    /// <summary>The type name of an Ed25519 key.</summary>
    public const string Ed25519Type = "tendermint/PubKeyEd25519";

    /// <summary>The type name of a secp256k1 key.</summary>
    public const string Secp256k1Type = "tendermint/PubKeySecp256k1";

    internal static PubKey Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var type = String(e, "type", path);
        var value = Base64(e, "value", path);
        var expected = type switch
        {
            Ed25519Type => 32,
            Secp256k1Type => 33,
            _ => -1,
        };
        if (expected >= 0 && value.Length != expected)
        {
            throw new CometFormatException(Path(path, "value"), $"a {type} key has {expected} bytes, got {value.Length}");
        }
        if (type.Length == 0)
        {
            throw new CometFormatException(Path(path, "type"), "empty");
        }
        return new PubKey(type, value);
    }
}
