using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using IbcHeader = Oracle.Ibc.Tendermint.Protos.Ibc.Header;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// Bounded, strict decoding of untrusted protobuf: light blocks, signed headers, validator sets and ICS-07 headers
/// (what a <c>MsgUpdateClient</c> carries).
/// </summary>
/// <remarks>
/// Refuses input over <see cref="Limits.MaxProtobufBytes"/>, more than <see cref="Limits.MaxValidators"/> validators
/// in a set or <see cref="Limits.MaxSignatures"/> signatures in a commit (<see cref="TendermintError.InputTooLarge"/>),
/// malformed protobuf (<see cref="TendermintError.MalformedProtobuf"/>), and unknown fields or any encoding that is not
/// the canonical encoding of its content (<see cref="TendermintError.NonCanonicalEncoding"/>: CometBFT's gogoproto
/// output is canonical), so a flipped byte can never hide in an ignored field. No other exception escapes.
/// Decoding checks the encoding only; <see cref="LightClient"/> checks the content.
/// </remarks>
public static class TendermintProto
{
    /// <summary>Decodes a <see cref="LightBlock"/> (signed header and validator set).</summary>
    /// <exception cref="TendermintException">See the remarks on the class.</exception>
    public static LightBlock DecodeLightBlock(ReadOnlySpan<byte> encoded)
    {
        var block = Decode(LightBlock.Parser, encoded, "LightBlock");
        CheckCounts(block.SignedHeader?.Commit, "signed_header.commit");
        CheckCounts(block.ValidatorSet, "validator_set");
        return block;
    }

    /// <summary>Decodes with <see cref="DecodeLightBlock"/>, returning the failure instead of throwing.</summary>
    public static TendermintResult TryDecodeLightBlock(ReadOnlySpan<byte> encoded, out LightBlock? block)
    {
        try
        {
            block = DecodeLightBlock(encoded);
            return TendermintResult.Ok;
        }
        catch (TendermintException e)
        {
            block = null;
            return e.ToResult();
        }
    }

    /// <summary>Decodes a <see cref="SignedHeader"/>.</summary>
    /// <exception cref="TendermintException">See the remarks on the class.</exception>
    public static SignedHeader DecodeSignedHeader(ReadOnlySpan<byte> encoded)
    {
        var sh = Decode(SignedHeader.Parser, encoded, "SignedHeader");
        CheckCounts(sh.Commit, "commit");
        return sh;
    }

    /// <summary>Decodes a <see cref="ValidatorSet"/>.</summary>
    /// <exception cref="TendermintException">See the remarks on the class.</exception>
    public static ValidatorSet DecodeValidatorSet(ReadOnlySpan<byte> encoded)
    {
        var set = Decode(ValidatorSet.Parser, encoded, "ValidatorSet");
        CheckCounts(set, "validator set");
        return set;
    }

    /// <summary>Decodes an ICS-07 <c>ibc.lightclients.tendermint.v1.Header</c>.</summary>
    /// <exception cref="TendermintException">See the remarks on the class.</exception>
    public static IbcHeader DecodeIbcHeader(ReadOnlySpan<byte> encoded)
    {
        var header = Decode(IbcHeader.Parser, encoded, "ibc Header");
        CheckCounts(header.SignedHeader?.Commit, "signed_header.commit");
        CheckCounts(header.ValidatorSet, "validator_set");
        CheckCounts(header.TrustedValidators, "trusted_validators");
        return header;
    }

    private static T Decode<T>(MessageParser<T> parser, ReadOnlySpan<byte> encoded, string name) where T : IMessage<T>
    {
        if (encoded.Length > Limits.MaxProtobufBytes)
            throw new TendermintException(TendermintError.InputTooLarge, $"{name} of {encoded.Length} bytes exceeds {Limits.MaxProtobufBytes}");
        T message;
        try
        {
            message = parser.WithDiscardUnknownFields(true).ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TendermintException(TendermintError.MalformedProtobuf, $"invalid {name} encoding: {e.Message}", e);
        }
        // Dropped unknown fields, overlong varints, explicit defaults, reordered or repeated fields, invalid UTF-8 all change the bytes.
        if (message.CalculateSize() != encoded.Length || !message.ToByteArray().AsSpan().SequenceEqual(encoded))
            throw new TendermintException(TendermintError.NonCanonicalEncoding, $"{name} is not the canonical encoding of its content");
        return message;
    }

    private static void CheckCounts(Commit? commit, string what)
    {
        if (commit is not null && commit.Signatures.Count > Limits.MaxSignatures)
            throw new TendermintException(TendermintError.InputTooLarge, $"{what}: {commit.Signatures.Count} signatures exceed {Limits.MaxSignatures}");
    }

    private static void CheckCounts(ValidatorSet? set, string what)
    {
        if (set is not null && set.Validators.Count > Limits.MaxValidators)
            throw new TendermintException(TendermintError.InputTooLarge, $"{what}: {set.Validators.Count} validators exceed {Limits.MaxValidators}");
    }
}
