using System.Globalization;
using System.Text.Json;

namespace Oracle.Attestation;

/// <summary>One TCB level of a TCB info document.</summary>
/// <param name="Components">The 16 SGX TCB component SVNs required.</param>
/// <param name="PceSvn">The PCESVN required.</param>
/// <param name="TcbDate">The level's TCB date.</param>
/// <param name="Status">The status of a platform at this level.</param>
/// <param name="AdvisoryIds">The Intel security advisories that apply.</param>
public sealed record TcbLevel(int[] Components, int PceSvn, DateTimeOffset TcbDate, TcbStatus Status, IReadOnlyList<string> AdvisoryIds);

/// <summary>One TCB level of a QE identity document.</summary>
/// <param name="IsvSvn">The QE ISVSVN required.</param>
/// <param name="TcbDate">The level's TCB date.</param>
/// <param name="Status">The status of a QE at this level.</param>
/// <param name="AdvisoryIds">The advisories that apply.</param>
public sealed record QeTcbLevel(int IsvSvn, DateTimeOffset TcbDate, TcbStatus Status, IReadOnlyList<string> AdvisoryIds);

/// <summary>An SGX TCB info document (Intel PCS v3 or v4 API, TCB info version 2 or 3), parsed from its raw JSON.</summary>
public sealed record TcbInfo(string Id, int Version, DateTimeOffset IssueDate, DateTimeOffset NextUpdate, byte[] Fmspc, byte[] PceId, int TcbEvaluationDataNumber, IReadOnlyList<TcbLevel> Levels)
{
    /// <summary>Parses the tcbInfo object (the exact bytes its signature covers).</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.TcbInfoJson"/> if it is not a TCB info document.</exception>
    public static TcbInfo Parse(ReadOnlySpan<byte> json)
    {
        const string check = AttestationCheck.TcbInfoJson;
        return CollateralJson.Read(json, check, root =>
        {
            int version = CollateralJson.Int(root, "version", check, 0, 100);
            // Version 2 documents have no id; version 3 names the TEE.
            string id = version >= 3 ? CollateralJson.String(root, "id", check) : "SGX";
            if (id != "SGX")
            {
                throw new AttestationException(check, $"TCB info id is '{id}', not SGX");
            }
            if (version is not (2 or 3))
            {
                throw new AttestationException(check, $"TCB info version {version} is not 2 or 3");
            }
            var levels = new List<TcbLevel>();
            foreach (var level in CollateralJson.Array(root, "tcbLevels", check))
            {
                var tcb = CollateralJson.Object(level, "tcb", check);
                var components = new int[16];
                if (version >= 3)
                {
                    var list = CollateralJson.Array(tcb, "sgxtcbcomponents", check);
                    if (list.Count != 16)
                    {
                        throw new AttestationException(check, $"a TCB level has {list.Count} SGX components, not 16");
                    }
                    for (int i = 0; i < 16; i++)
                    {
                        components[i] = CollateralJson.Int(list[i], "svn", check, 0, 255);
                    }
                }
                else
                {
                    for (int i = 0; i < 16; i++)
                    {
                        components[i] = CollateralJson.Int(tcb, $"sgxtcbcomp{i + 1:00}svn", check, 0, 255);
                    }
                }
                levels.Add(new TcbLevel(
                    components,
                    CollateralJson.Int(tcb, "pcesvn", check, 0, 65535),
                    CollateralJson.Date(level, "tcbDate", check),
                    CollateralJson.Status(level, "tcbStatus", check),
                    CollateralJson.Advisories(level, check)));
            }
            if (levels.Count == 0)
            {
                throw new AttestationException(check, "TCB info has no TCB levels");
            }
            return new TcbInfo(
                id,
                version,
                CollateralJson.Date(root, "issueDate", check),
                CollateralJson.Date(root, "nextUpdate", check),
                CollateralJson.Hex(root, "fmspc", 6, check),
                CollateralJson.Hex(root, "pceId", 2, check),
                CollateralJson.Int(root, "tcbEvaluationDataNumber", check, 0, int.MaxValue),
                levels);
        });
    }
}

/// <summary>A QE identity document (enclave identity version 2, id QE), parsed from its raw JSON.</summary>
public sealed record QeIdentity(string Id, int Version, DateTimeOffset IssueDate, DateTimeOffset NextUpdate, uint MiscSelect, uint MiscSelectMask, byte[] Attributes, byte[] AttributesMask, byte[] MrSigner, int IsvProdId, IReadOnlyList<QeTcbLevel> Levels)
{
    /// <summary>Parses the enclaveIdentity object (the exact bytes its signature covers).</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.QeIdentityJson"/> if it is not a QE identity document.</exception>
    public static QeIdentity Parse(ReadOnlySpan<byte> json)
    {
        const string check = AttestationCheck.QeIdentityJson;
        return CollateralJson.Read(json, check, root =>
        {
            string id = CollateralJson.String(root, "id", check);
            int version = CollateralJson.Int(root, "version", check, 0, 100);
            if (id != "QE" || version != 2)
            {
                throw new AttestationException(check, $"the identity is '{id}' version {version}, not QE version 2");
            }
            var levels = new List<QeTcbLevel>();
            foreach (var level in CollateralJson.Array(root, "tcbLevels", check))
            {
                levels.Add(new QeTcbLevel(
                    CollateralJson.Int(CollateralJson.Object(level, "tcb", check), "isvsvn", check, 0, 65535),
                    CollateralJson.Date(level, "tcbDate", check),
                    CollateralJson.Status(level, "tcbStatus", check),
                    CollateralJson.Advisories(level, check)));
            }
            if (levels.Count == 0)
            {
                throw new AttestationException(check, "the QE identity has no TCB levels");
            }
            return new QeIdentity(
                id,
                version,
                CollateralJson.Date(root, "issueDate", check),
                CollateralJson.Date(root, "nextUpdate", check),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(CollateralJson.Hex(root, "miscselect", 4, check)),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(CollateralJson.Hex(root, "miscselectMask", 4, check)),
                CollateralJson.Hex(root, "attributes", 16, check),
                CollateralJson.Hex(root, "attributesMask", 16, check),
                CollateralJson.Hex(root, "mrsigner", 32, check),
                CollateralJson.Int(root, "isvprodid", check, 0, 65535),
                levels);
        });
    }
}

/// <summary>Strict readers for the collateral JSON: a missing or mistyped field names itself.</summary>
internal static class CollateralJson
{
    public static T Read<T>(ReadOnlySpan<byte> json, string check, Func<JsonElement, T> read)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != json.Length && !IsWhiteSpace(json[(int)reader.BytesConsumed..]))
            {
                throw new AttestationException(check, "text after the JSON document");
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AttestationException(check, "the document is not a JSON object");
            }
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string value that is not valid UTF-8.
            throw new AttestationException(check, $"not valid JSON: {e.Message}", e);
        }
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    private static JsonElement Field(JsonElement o, string name, JsonValueKind kind, string check)
    {
        if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(name, out var value))
        {
            throw new AttestationException(check, $"field '{name}' is missing");
        }
        if (value.ValueKind != kind)
        {
            throw new AttestationException(check, $"field '{name}' is {value.ValueKind}, not {kind}");
        }
        return value;
    }

    public static string String(JsonElement o, string name, string check) => Field(o, name, JsonValueKind.String, check).GetString()!;

    public static JsonElement Object(JsonElement o, string name, string check) => Field(o, name, JsonValueKind.Object, check);

    public static IReadOnlyList<JsonElement> Array(JsonElement o, string name, string check) =>
        Field(o, name, JsonValueKind.Array, check).EnumerateArray().ToList();

    public static int Int(JsonElement o, string name, string check, int min, int max)
    {
        var value = Field(o, name, JsonValueKind.Number, check);
        if (!value.TryGetInt32(out int n) || n < min || n > max)
        {
            throw new AttestationException(check, $"field '{name}' is not an integer from {min} to {max}");
        }
        return n;
    }

    public static DateTimeOffset Date(JsonElement o, string name, string check)
    {
        string text = String(o, name, check);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            throw new AttestationException(check, $"field '{name}' is not a date: '{text}'");
        }
        return date;
    }

    public static byte[] Hex(JsonElement o, string name, int length, string check)
    {
        string text = String(o, name, check);
        if (text.Length != length * 2)
        {
            throw new AttestationException(check, $"field '{name}' is not {length} bytes of hex");
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException e)
        {
            throw new AttestationException(check, $"field '{name}' is not hex", e);
        }
    }

    public static TcbStatus Status(JsonElement o, string name, string check)
    {
        string text = String(o, name, check);
        return TcbStatuses.TryParse(text, out var status)
            ? status
            : throw new AttestationException(check, $"field '{name}' is '{text}', not a TCB status");
    }

    public static IReadOnlyList<string> Advisories(JsonElement level, string check)
    {
        if (!level.TryGetProperty("advisoryIDs", out var ids))
        {
            return [];
        }
        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new AttestationException(check, "field 'advisoryIDs' is not an array of strings");
        }
        return ids.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
