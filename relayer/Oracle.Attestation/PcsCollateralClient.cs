using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Oracle.Attestation;

/// <summary>Where collateral comes from: any Intel PCS v4 compatible service (Intel's own, or a PCCS).</summary>
public sealed class PcsOptions
{
    /// <summary>The configuration section (<c>Attestation:Pcs</c>).</summary>
    public const string Section = "Attestation:Pcs";

    /// <summary>The service's base URL, for example <c>https://api.trustedservices.intel.com</c> or a PCCS's <c>https://pccs:8081</c>; the <c>/sgx/certification/v4/...</c> paths are appended.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Where the root CA CRL is fetched (DER or hex). Default: the service's <c>/sgx/certification/v4/rootcacrl</c> (a PCCS serves it there).</summary>
    public Uri? RootCaCrlUrl { get; set; }

    /// <summary>An Intel PCS subscription key (sent as <c>Ocp-Apim-Subscription-Key</c>), if the service wants one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A folder where fetched collateral is kept (one JSON file per FMSPC and CA) and reused until its nextUpdate across restarts; none: memory only.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response accepted, in bytes.</summary>
    public int MaxResponseBytes { get; set; } = 1 << 20;
}

/// <summary>A collateral request failed at the service: unreachable, an HTTP error, a missing header. Trying again may succeed.</summary>
public sealed class CollateralFetchException(string url, HttpStatusCode? status, string message, Exception? inner = null)
    : Exception($"collateral from {url}: {message}", inner)
{
    /// <summary>The URL requested.</summary>
    public string Url { get; } = url;

    /// <summary>The HTTP status, if a response came.</summary>
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// Fetches DCAP collateral from an Intel PCS v4 compatible service and caches it until the
/// earliest <c>nextUpdate</c> of its parts (TCB info, QE identity, CRLs).
/// </summary>
/// <remarks>
/// Requests: <c>GET /sgx/certification/v4/pckcrl?ca=processor|platform&amp;encoding=der</c>
/// (header <c>SGX-PCK-CRL-Issuer-Chain</c>), <c>GET .../tcb?fmspc=...</c>
/// (<c>TCB-Info-Issuer-Chain</c>, or <c>SGX-TCB-Info-Issuer-Chain</c>), <c>GET .../qe/identity</c>
/// (<c>SGX-Enclave-Identity-Issuer-Chain</c>) and the root CA CRL. The signed JSON objects
/// (<c>tcbInfo</c>, <c>enclaveIdentity</c>) are cut out of the response byte for byte, never
/// re-serialised. Fetched collateral is not trusted: <see cref="DcapVerifier"/> checks it.
/// </remarks>
public sealed class PcsCollateralClient
{
    private readonly HttpClient _http;
    private readonly PcsOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Collateral> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetching = new(1, 1);

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client (its handler decides TLS trust).</param>
    /// <param name="options">Where to fetch; <see cref="PcsOptions.BaseUrl"/> is required.</param>
    /// <param name="time">The clock that decides when cached collateral is stale.</param>
    public PcsCollateralClient(HttpClient http, PcsOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"{PcsOptions.Section}:BaseUrl must be an absolute http(s) URL, not '{options.BaseUrl}'", nameof(options));
        }
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many times collateral was fetched from the service (not served from the cache).</summary>
    public int Fetches { get; private set; }

    /// <summary>The collateral for a quote's platform (FMSPC and PCK CA read from its PCK leaf certificate).</summary>
    /// <exception cref="AttestationException">The quote's PCK leaf does not name a platform, or the service's collateral does not parse.</exception>
    /// <exception cref="CollateralFetchException">The service failed.</exception>
    public Task<Collateral> GetAsync(SgxQuote quote, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var leaf = quote.PckChainPem[0];
        var fmspc = PckExtensions.Read(leaf).Fmspc;
        return GetAsync(fmspc, PckCa(leaf), ct);
    }

    /// <summary>The collateral for an FMSPC and a PCK CA (<c>processor</c> or <c>platform</c>), from the cache while current.</summary>
    public async Task<Collateral> GetAsync(ReadOnlyMemory<byte> fmspc, string ca, CancellationToken ct = default)
    {
        if (fmspc.Length != 6)
        {
            throw new ArgumentException("an FMSPC is 6 bytes", nameof(fmspc));
        }
        if (ca is not ("processor" or "platform"))
        {
            throw new ArgumentException($"the PCK CA is 'processor' or 'platform', not '{ca}'", nameof(ca));
        }
        string key = $"{Convert.ToHexString(fmspc.Span)}-{ca}";
        if (TryCached(key, out var cached))
        {
            return cached;
        }
        await _fetching.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (TryCached(key, out cached))
            {
                return cached;
            }
            var collateral = await FetchAsync(Convert.ToHexString(fmspc.Span), ca, ct).ConfigureAwait(false);
            Fetches++;
            _cache[key] = collateral;
            Save(key, collateral);
            return collateral;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>The PCK CA that issued a PCK leaf: <c>processor</c> or <c>platform</c>, from its issuer's common name.</summary>
    public static string PckCa(X509Certificate2 pckLeaf)
    {
        string cn = pckLeaf.IssuerName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.3")
            .Select(r => r.GetSingleElementValue() ?? "")
            .FirstOrDefault() ?? "";
        if (cn.Contains("Processor", StringComparison.Ordinal))
        {
            return "processor";
        }
        if (cn.Contains("Platform", StringComparison.Ordinal))
        {
            return "platform";
        }
        throw new AttestationException(AttestationCheck.PckExtension, $"the PCK leaf's issuer '{cn}' is neither a PCK Processor nor a PCK Platform CA");
    }

    private bool TryCached(string key, out Collateral collateral)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out collateral!) && now < collateral.NextUpdate)
        {
            return true;
        }
        var loaded = Load(key);
        if (loaded is not null && now < loaded.NextUpdate)
        {
            _cache[key] = loaded;
            collateral = loaded;
            return true;
        }
        loaded?.Dispose();
        return false;
    }

    private async Task<Collateral> FetchAsync(string fmspc, string ca, CancellationToken ct)
    {
        string v4 = _options.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/sgx/certification/v4/";
        var (pckCrlBody, pckCrlHeaders) = await GetAsync(new Uri($"{v4}pckcrl?ca={ca}&encoding=der"), ct).ConfigureAwait(false);
        var (tcbBody, tcbHeaders) = await GetAsync(new Uri($"{v4}tcb?fmspc={fmspc}"), ct).ConfigureAwait(false);
        var (qeBody, qeHeaders) = await GetAsync(new Uri($"{v4}qe/identity"), ct).ConfigureAwait(false);
        var rootUrl = _options.RootCaCrlUrl ?? new Uri($"{v4}rootcacrl");
        var (rootBody, _) = await GetAsync(rootUrl, ct).ConfigureAwait(false);

        var (tcbInfo, tcbSignature) = SignedObject(tcbBody, "tcbInfo", AttestationCheck.TcbInfoJson);
        var (qeIdentity, qeSignature) = SignedObject(qeBody, "enclaveIdentity", AttestationCheck.QeIdentityJson);
        return Collateral.Create(
            Header(pckCrlHeaders, v4 + "pckcrl", "SGX-PCK-CRL-Issuer-Chain"),
            CrlBytes(rootBody),
            CrlBytes(pckCrlBody),
            Header(tcbHeaders, v4 + "tcb", "TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"),
            tcbInfo,
            tcbSignature,
            Header(qeHeaders, v4 + "qe/identity", "SGX-Enclave-Identity-Issuer-Chain"),
            qeIdentity,
            qeSignature);
    }

    private async Task<(byte[] Body, System.Net.Http.Headers.HttpResponseHeaders Headers)> GetAsync(Uri url, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", _options.ApiKey);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CollateralFetchException(url.AbsoluteUri, null, $"no response within {_options.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new CollateralFetchException(url.AbsoluteUri, null, e.Message, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CollateralFetchException(url.AbsoluteUri, response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                throw new CollateralFetchException(url.AbsoluteUri, response.StatusCode, $"the response is {response.Content.Headers.ContentLength} bytes, over the {_options.MaxResponseBytes}-byte limit");
            }
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                using var body = new MemoryStream();
                var buffer = new byte[16384];
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > _options.MaxResponseBytes)
                    {
                        throw new CollateralFetchException(url.AbsoluteUri, response.StatusCode, $"the response runs over the {_options.MaxResponseBytes}-byte limit");
                    }
                    body.Write(buffer, 0, read);
                }
                return (body.ToArray(), response.Headers);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new CollateralFetchException(url.AbsoluteUri, response.StatusCode, $"the body did not arrive within {_options.Timeout.TotalSeconds:0.#} s", e);
            }
            catch (IOException e)
            {
                throw new CollateralFetchException(url.AbsoluteUri, response.StatusCode, $"the body was cut off: {e.Message}", e);
            }
        }
    }

    private static string Header(System.Net.Http.Headers.HttpResponseHeaders headers, string url, params string[] names)
    {
        foreach (var name in names)
        {
            if (headers.TryGetValues(name, out var values))
            {
                return Uri.UnescapeDataString(string.Concat(values));
            }
        }
        throw new CollateralFetchException(url, HttpStatusCode.OK, $"the response has no {string.Join(" or ", names)} header");
    }

    /// <summary>Cuts the signed object and its signature out of a PCS response body, byte for byte.</summary>
    internal static (byte[] Raw, byte[] Signature) SignedObject(byte[] body, string name, string check)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            byte[]? raw = null;
            byte[]? signature = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AttestationException(check, "the response is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string property = reader.GetString()!;
                reader.Read();
                if (property == name && reader.TokenType == JsonTokenType.StartObject)
                {
                    long start = reader.TokenStartIndex;
                    reader.Skip();
                    raw = body[(int)start..(int)reader.BytesConsumed];
                }
                else if (property == "signature" && reader.TokenType == JsonTokenType.String)
                {
                    signature = Convert.FromHexString(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }
            }
            if (raw is null || signature is null)
            {
                throw new AttestationException(check, $"the response lacks '{name}' or 'signature'");
            }
            return (raw, signature);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new AttestationException(check, $"the response does not parse: {e.Message}", e);
        }
    }

    /// <summary>A CRL body as DER: DER as is, or hex (what a PCCS serves), or PEM.</summary>
    private static byte[] CrlBytes(byte[] body)
    {
        if (body.Length > 0 && body[0] == 0x30)
        {
            return body;
        }
        string text = Encoding.ASCII.GetString(body).Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal) && System.Security.Cryptography.PemEncoding.TryFind(text, out var fields))
        {
            return Convert.FromBase64String(text[fields.Base64Data]);
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return body; // not hex either: the CRL parser names the problem
        }
    }

    private string? CachePath(string key) =>
        string.IsNullOrEmpty(_options.CacheDirectory) ? null : Path.Combine(_options.CacheDirectory, $"collateral-{key}.json");

    private Collateral? Load(string key)
    {
        var path = CachePath(key);
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        try
        {
            return Collateral.FromJson(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is AttestationException or IOException)
        {
            return null; // a damaged cache file is fetched again
        }
    }

    private void Save(string key, Collateral collateral)
    {
        var path = CachePath(key);
        if (path is null)
        {
            return;
        }
        Directory.CreateDirectory(_options.CacheDirectory!);
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, collateral.ToJson());
        File.Move(temporary, path, overwrite: true);
    }
}
