using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// Decodes light blocks from the JSON that CometBFT's RPC and tendermint-rs write into this library's protobuf
/// types: int64 and uint64 as decimal strings (numbers are accepted too), hashes and addresses as hex,
/// signatures and keys as base64, times as RFC 3339 with up to nanoseconds, keys as
/// <c>{"type":"tendermint/PubKeyEd25519","value":"base64"}</c>, block ids with <c>part_set_header</c> or <c>parts</c>.
/// </summary>
/// <remarks>
/// <para>Input is untrusted: every failure is a <see cref="TendermintException"/> naming the JSON path —
/// <see cref="TendermintError.MalformedJson"/> for syntax, depth over 64 and duplicate properties,
/// <see cref="TendermintError.InvalidJsonField"/> for a missing member or a bad value,
/// <see cref="TendermintError.InputTooLarge"/> past <see cref="Limits.MaxJsonBytes"/>, <see cref="Limits.MaxValidators"/>
/// validators or <see cref="Limits.MaxSignatures"/> signatures. No other exception escapes.</para>
/// <para>Decoding checks syntax only; whether the values make a valid block is for <see cref="LightClient"/>.
/// Members the light client does not use (<c>provider</c>, a commit's <c>hash</c> and <c>bit_array</c>) are ignored;
/// a null or missing array (Go writes a nil slice as null) is empty.</para>
/// </remarks>
public static class TendermintJson
{
    /// <summary>The key type names of the Amino JSON encoding.</summary>
    public const string Ed25519KeyType = "tendermint/PubKeyEd25519";

    /// <summary>The secp256k1 key type name (decoded, but not supported by verification).</summary>
    public const string Secp256k1KeyType = "tendermint/PubKeySecp256k1";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses UTF-8 JSON under this decoder's limits; the caller disposes the document.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InputTooLarge"/> or <see cref="TendermintError.MalformedJson"/>.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length > Limits.MaxJsonBytes)
            throw new TendermintException(TendermintError.InputTooLarge, $"JSON of {utf8Json.Length} bytes exceeds {Limits.MaxJsonBytes}");
        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new TendermintException(TendermintError.MalformedJson, "malformed JSON: " + e.Message, e);
        }
    }

    /// <summary>Decodes a light block: <c>{"signed_header":{...},"validator_set":{...},"next_validator_set":{...}}</c>
    /// (the next set may be missing or null).</summary>
    /// <exception cref="TendermintException">The input is not such a light block (see the remarks on the class).</exception>
    public static LightClientBlock DecodeLightBlock(ReadOnlyMemory<byte> utf8Json)
    {
        using var doc = Parse(utf8Json);
        return ReadLightBlock(doc.RootElement);
    }

    /// <summary>Decodes with <see cref="DecodeLightBlock"/>, returning the failure instead of throwing.</summary>
    public static TendermintResult TryDecodeLightBlock(ReadOnlyMemory<byte> utf8Json, out LightClientBlock? block)
    {
        try
        {
            block = DecodeLightBlock(utf8Json);
            return TendermintResult.Ok;
        }
        catch (TendermintException e)
        {
            block = null;
            return e.ToResult();
        }
    }

    /// <summary>Reads a light block from a parsed element.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/> or <see cref="TendermintError.InputTooLarge"/>.</exception>
    public static LightClientBlock ReadLightBlock(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var signedHeader = ReadSignedHeader(Required(element, "signed_header", path), path + ".signed_header");
        var validators = ReadValidatorSet(Required(element, "validator_set", path), path + ".validator_set");
        var next = Optional(element, "next_validator_set") is { } n ? ReadValidatorSet(n, path + ".next_validator_set") : null;
        return new LightClientBlock(signedHeader, validators, next);
    }

    /// <summary>Reads <c>{"header":{...},"commit":{...}}</c> (the <c>signed_header</c> of CometBFT's <c>/commit</c>).</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/> or <see cref="TendermintError.InputTooLarge"/>.</exception>
    public static SignedHeader ReadSignedHeader(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        return new SignedHeader
        {
            Header = ReadHeader(Required(element, "header", path), path + ".header"),
            Commit = ReadCommit(Required(element, "commit", path), path + ".commit"),
        };
    }

    /// <summary>Reads a block header.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static Header ReadHeader(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var header = new Header
        {
            Version = new Consensus(),
            ChainId = ReadString(Required(element, "chain_id", path), path + ".chain_id"),
            Height = ReadInt64(Required(element, "height", path), path + ".height"),
            Time = ReadTime(Required(element, "time", path), path + ".time").ToProto(),
            LastCommitHash = OptionalHex(element, "last_commit_hash", path),
            DataHash = OptionalHex(element, "data_hash", path),
            ValidatorsHash = OptionalHex(element, "validators_hash", path),
            NextValidatorsHash = OptionalHex(element, "next_validators_hash", path),
            ConsensusHash = OptionalHex(element, "consensus_hash", path),
            AppHash = OptionalHex(element, "app_hash", path),
            LastResultsHash = OptionalHex(element, "last_results_hash", path),
            EvidenceHash = OptionalHex(element, "evidence_hash", path),
            ProposerAddress = OptionalHex(element, "proposer_address", path),
        };
        if (Optional(element, "version") is { } version)
        {
            RequireObject(version, path + ".version");
            header.Version.Block = Optional(version, "block") is { } b ? ReadUInt64(b, path + ".version.block") : 0;
            header.Version.App = Optional(version, "app") is { } a ? ReadUInt64(a, path + ".version.app") : 0;
        }
        if (Optional(element, "last_block_id") is { } last)
            header.LastBlockId = ReadBlockId(last, path + ".last_block_id");
        return header;
    }

    /// <summary>Reads a commit: height, round, block id and signatures.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/> or <see cref="TendermintError.InputTooLarge"/>.</exception>
    public static Commit ReadCommit(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var commit = new Commit
        {
            Height = ReadInt64(Required(element, "height", path), path + ".height"),
            Round = ReadInt32(Required(element, "round", path), path + ".round"),
            BlockId = ReadBlockId(Required(element, "block_id", path), path + ".block_id"),
        };
        if (OptionalArray(element, "signatures", path, Limits.MaxSignatures) is { } sigs)
        {
            foreach (var sig in sigs.EnumerateArray())
                commit.Signatures.Add(ReadCommitSig(sig, $"{path}.signatures[{commit.Signatures.Count}]"));
        }
        return commit;
    }

    /// <summary>Reads one commit signature; a null or missing signature, address or timestamp is empty
    /// (the timestamp then is Go's zero time, as for absent votes).</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static CommitSig ReadCommitSig(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var flag = ReadInt32(Required(element, "block_id_flag", path), path + ".block_id_flag");
        return new CommitSig
        {
            BlockIdFlag = (BlockIDFlag)flag,
            ValidatorAddress = OptionalHex(element, "validator_address", path),
            Timestamp = (Optional(element, "timestamp") is { } t ? ReadTime(t, path + ".timestamp") : TmTime.GoZero).ToProto(),
            Signature = Optional(element, "signature") is { } s ? ReadBase64(s, path + ".signature") : ByteString.Empty,
        };
    }

    /// <summary>Reads a block id: <c>{"hash":hex,"part_set_header"|"parts":{"total":n,"hash":hex}}</c>; null is the zero id.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static BlockID ReadBlockId(JsonElement element, string path = "$")
    {
        if (element.ValueKind == JsonValueKind.Null)
            return new BlockID { PartSetHeader = new PartSetHeader() };
        RequireObject(element, path);
        var id = new BlockID { Hash = OptionalHex(element, "hash", path), PartSetHeader = new PartSetHeader() };
        var (name, parts) = Optional(element, "part_set_header") is { } p ? ("part_set_header", (JsonElement?)p)
            : ("parts", Optional(element, "parts"));
        if (parts is { } ps)
        {
            RequireObject(ps, $"{path}.{name}");
            id.PartSetHeader.Total = Optional(ps, "total") is { } t ? ReadUInt32(t, $"{path}.{name}.total") : 0;
            id.PartSetHeader.Hash = OptionalHex(ps, "hash", $"{path}.{name}");
        }
        return id;
    }

    /// <summary>
    /// Reads <c>{"validators":[...],"proposer":{...},"total_voting_power":"n"}</c> (proposer and total optional), and puts
    /// the validators in CometBFT's order: voting power descending, then address ascending.
    /// </summary>
    /// <remarks>CometBFT keeps every validator set in that order (<c>ValidatorsByVotingPower</c>), and the set's hash and
    /// a commit's signature slots follow it, so a node's answer is unchanged by the sort. tendermint-rs sorts the same way
    /// when it deserializes a set, and its vectors rely on it: some list validators in another order.</remarks>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/> or <see cref="TendermintError.InputTooLarge"/>.</exception>
    public static ValidatorSet ReadValidatorSet(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var set = new ValidatorSet();
        var list = new List<Validator>();
        if (OptionalArray(element, "validators", path, Limits.MaxValidators) is { } validators)
        {
            foreach (var v in validators.EnumerateArray())
                list.Add(ReadValidator(v, $"{path}.validators[{list.Count}]"));
        }
        list.Sort(CanonicalOrder);
        set.Validators.AddRange(list);
        if (Optional(element, "proposer") is { } proposer)
            set.Proposer = ReadValidator(proposer, path + ".proposer");
        if (Optional(element, "total_voting_power") is { } total)
            set.TotalVotingPower = ReadInt64(total, path + ".total_voting_power");
        return set;
    }

    /// <summary>CometBFT's validator order: voting power descending, then address ascending.</summary>
    public static int CanonicalOrder(Validator a, Validator b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byPower = b.VotingPower.CompareTo(a.VotingPower);
        return byPower != 0 ? byPower : a.Address.Span.SequenceCompareTo(b.Address.Span);
    }

    /// <summary>Reads a validator (an entry of CometBFT's <c>/validators</c> too).</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static Validator ReadValidator(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        return new Validator
        {
            Address = ReadHex(Required(element, "address", path), path + ".address"),
            PubKey = ReadPublicKey(Required(element, "pub_key", path), path + ".pub_key"),
            VotingPower = ReadInt64(Required(element, "voting_power", path), path + ".voting_power"),
            ProposerPriority = Optional(element, "proposer_priority") is { } p ? ReadInt64(p, path + ".proposer_priority") : 0,
        };
    }

    /// <summary>Reads <c>{"type":"tendermint/PubKeyEd25519"|"tendermint/PubKeySecp256k1","value":base64}</c>.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>, also for another key type.</exception>
    public static PublicKey ReadPublicKey(JsonElement element, string path = "$")
    {
        RequireObject(element, path);
        var type = ReadString(Required(element, "type", path), path + ".type");
        var value = ReadBase64(Required(element, "value", path), path + ".value");
        return type switch
        {
            Ed25519KeyType => new PublicKey { Ed25519 = value },
            Secp256k1KeyType => new PublicKey { Secp256K1 = value },
            _ => throw Field(path + ".type", $"unknown key type \"{Truncate(type)}\""),
        };
    }

    /// <summary>Reads an RFC 3339 time string (see <see cref="TmTime.TryParse"/>).</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static TmTime ReadTime(JsonElement element, string path = "$")
    {
        var text = ReadString(element, path);
        return TmTime.TryParse(text, out var time) ? time : throw Field(path, $"\"{Truncate(text)}\" is not an RFC 3339 time in 0001..9999");
    }

    /// <summary>Reads a signed 64-bit integer written as a decimal string or a JSON number.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.InvalidJsonField"/>.</exception>
    public static long ReadInt64(JsonElement element, string path = "$")
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var n))
            return n;
        if (element.ValueKind == JsonValueKind.String && ReadString(element, path) is var text && IsDecimal(text, true)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
            return n;
        throw Field(path, "not an int64");
    }

    private static ulong ReadUInt64(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var n))
            return n;
        if (element.ValueKind == JsonValueKind.String && ReadString(element, path) is var text && IsDecimal(text, false)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n))
            return n;
        throw Field(path, "not a uint64");
    }

    private static int ReadInt32(JsonElement element, string path)
    {
        var n = ReadInt64(element, path);
        return n is >= int.MinValue and <= int.MaxValue ? (int)n : throw Field(path, "not an int32");
    }

    private static uint ReadUInt32(JsonElement element, string path)
    {
        var n = ReadUInt64(element, path);
        return n <= uint.MaxValue ? (uint)n : throw Field(path, "not a uint32");
    }

    private static bool IsDecimal(string? s, bool signed)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 21)
            return false;
        var start = signed && s[0] == '-' ? 1 : 0;
        if (start == s.Length)
            return false;
        for (var i = start; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
                return false;
        }
        return true;
    }

    private static string ReadString(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw Field(path, $"expected a string, got {element.ValueKind}");
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // The parser checks string contents lazily: invalid UTF-8 surfaces here.
            throw new TendermintException(TendermintError.InvalidJsonField, $"{path}: not valid UTF-8", e);
        }
    }

    private static ByteString ReadHex(JsonElement element, string path)
    {
        var text = ReadString(element, path);
        if (text.Length % 2 != 0)
            throw Field(path, "odd-length hex");
        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = HexValue(text[2 * i]);
            var lo = HexValue(text[2 * i + 1]);
            if (hi < 0 || lo < 0)
                throw Field(path, "not hex");
            bytes[i] = (byte)(hi << 4 | lo);
        }
        return ByteString.CopyFrom(bytes);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    private static ByteString ReadBase64(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return ByteString.Empty;
        var text = ReadString(element, path);
        var buffer = new byte[text.Length / 4 * 3 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? ByteString.CopyFrom(buffer, 0, written)
            : throw Field(path, "not base64");
    }

    private static ByteString OptionalHex(JsonElement parent, string name, string path) =>
        Optional(parent, name) is { } e ? ReadHex(e, $"{path}.{name}") : ByteString.Empty;

    private static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Field(path, $"expected an object, got {element.ValueKind}");
    }

    /// <summary>An array member; missing or null (Go writes a nil slice as null) reads as empty.</summary>
    private static JsonElement? OptionalArray(JsonElement parent, string name, string path, int maxLength)
    {
        if (Optional(parent, name) is not { } element)
            return null;
        if (element.ValueKind != JsonValueKind.Array)
            throw Field($"{path}.{name}", $"expected an array, got {element.ValueKind}");
        var length = element.GetArrayLength();
        if (length > maxLength)
            throw new TendermintException(TendermintError.InputTooLarge, $"{path}.{name}: {length} entries exceed {maxLength}");
        return element;
    }

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Field($"{path}.{name}", "missing");

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";

    private static TendermintException Field(string path, string message) => new(TendermintError.InvalidJsonField, $"{path}: {message}");
}
