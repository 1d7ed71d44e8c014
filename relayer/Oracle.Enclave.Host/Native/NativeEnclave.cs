using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Oracle.Enclave.Host.Native;

/// <summary>The outcome of one <see cref="NativeEnclave.Execute"/> or <see cref="NativeEnclave.Endorse"/>.</summary>
/// <param name="Code">0 when the job (or the endorsement) produced signed reports, else the oracle error code
/// (a refused job_text with a request id also has signed error reports in its result).</param>
/// <param name="ErrorName">The code's stable name ("" when 0).</param>
/// <param name="ResultJson">The enclave's result document, verbatim (also on failure).</param>
/// <param name="Elapsed">Time spent inside <c>oracle_host_execute</c> or <c>oracle_host_endorse</c>.</param>
public sealed record EnclaveExecution(int Code, string ErrorName, string ResultJson, TimeSpan Elapsed);

/// <summary>
/// The one enclave of this process: loads <c>liboracle_enclave.so</c>, opens the enclave, installs the
/// DNS overrides and the log sink, and initialises it with the sealed key. A singleton.
/// </summary>
/// <remarks>
/// After construction, <see cref="Identity"/>, <see cref="Execute"/> and <see cref="Endorse"/> may be called from several threads
/// at once (oracle_host.h allows it). <see cref="Dispose"/> closes the enclave once in-flight calls return.
/// The sim backend allows only one open enclave per process.
/// </remarks>
public sealed unsafe class NativeEnclave : IDisposable
{
    private readonly NativeMethods _native;
    private readonly EnclaveSafeHandle _handle;

    /// <summary>Opens and initialises the enclave described by <paramref name="options"/>.</summary>
    /// <exception cref="EnclaveException">Kind <see cref="EnclaveFailureKind.Setup"/>, naming the setting at fault.</exception>
    public NativeEnclave(IOptions<EnclaveHostOptions> options, ILoggerFactory loggers)
    {
        EnclaveHostOptions o = options.Value;
        ILogger enclaveLog = loggers.CreateLogger("Oracle.Enclave.Trusted");
        ILogger log = loggers.CreateLogger<NativeEnclave>();
        string libraryPath = Path.GetFullPath(o.LibraryPath);

        try
        {
            _native = NativeMethods.Load(libraryPath);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw Setup($"{EnclaveHostOptions.SectionName}:LibraryPath: cannot load {libraryPath}: {e.Message}", 0, e);
        }

        Backend = _native.Backend();
        if (Backend != o.Backend)
            throw Setup($"{EnclaveHostOptions.SectionName}:Backend: '{o.Backend}', but {libraryPath} was built for '{Backend}'");

        nint h = 0;
        string? image = o.Backend == "openenclave" ? Path.GetFullPath(o.ImagePath!) : null;
        byte[]? imageZ = image is null ? null : Utf8z(image);
        int ret;
        fixed (byte* pi = imageZ)
            ret = _native.Open(&h, pi, o.DebugEnclave ? NativeMethods.FlagDebug : 0);
        if (ret != 0)
        {
            string what = image is null ? $"the {Backend} enclave of {libraryPath}" : $"EnclaveHost:ImagePath {image}";
            throw Setup($"cannot create {what}: {_native.ErrorName(ret)}" +
                        (Backend == "sim" ? " (the sim backend allows one enclave per process)" : ""), ret);
        }

        GCHandle logContext = GCHandle.Alloc(enclaveLog);
        _handle = new EnclaveSafeHandle(_native, h, logContext);
        try
        {
            _native.SetLog(h, MaxLevel(enclaveLog), &OnLog, GCHandle.ToIntPtr(logContext));
            AddResolves(h, o.Resolve);
            Init(h, o.SealedKeyPath, log);
            Signer = ReadSigner();
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
        log.LogInformation("enclave open: backend {Backend}, signer {Signer}, library {Library}", Backend, Signer, libraryPath);
    }

    /// <summary>"sim" or "openenclave", as the library says.</summary>
    public string Backend { get; }

    /// <summary>The 0x-prefixed Ethereum address of the enclave key.</summary>
    public string Signer { get; }

    /// <summary>False once disposed.</summary>
    public bool IsOpen => !_handle.IsClosed;

    /// <summary>ECALL identity: the identity document bound to a 32-byte nonce.</summary>
    /// <exception cref="ArgumentException">The nonce is not 32 bytes.</exception>
    /// <exception cref="EnclaveException">Unavailable when closed or the backend fails; Internal otherwise.</exception>
    public string Identity(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != 32) throw new ArgumentException($"nonce must be 32 bytes, not {nonce.Length}", nameof(nonce));
        byte[] output = new byte[NativeMethods.IdentityOutputMax];
        nuint len = 0;
        int ret;
        using (Use(out nint h))
        {
            fixed (byte* n = nonce)
            fixed (byte* outp = output)
                ret = _native.Identity(h, outp, (nuint)output.Length, &len, n);
        }
        if (ret != 0) throw Failure("identity", ret);
        return Encoding.UTF8.GetString(output, 0, checked((int)len));
    }

    /// <summary>ECALL execute: runs one execute request (enclave-tls/README.md). Blocks for the whole job.</summary>
    /// <returns>The enclave's result; a failed job is a result with a non-zero code, not an exception.</returns>
    /// <exception cref="EnclaveException">Unavailable when closed or the backend fails; Internal when no result came back.</exception>
    public EnclaveExecution Execute(string requestJson) => Run("execute", _native.Execute, requestJson);

    /// <summary>
    /// ECALL endorse (quorum mode): runs an execute request that also carries <c>"endorse"</c> (the leader's value,
    /// data, observed_at, sources_hash) and signs the leader's report only if this enclave's own result is within
    /// the job's tolerance. Blocks for the whole job.
    /// </summary>
    /// <returns>The enclave's result; a refusal (endorse_out_of_tolerance) or a failed job is a result with a
    /// non-zero code, not an exception.</returns>
    /// <exception cref="EnclaveException">Unavailable when closed or the backend fails; Internal when no result came back.</exception>
    public EnclaveExecution Endorse(string requestJson) => Run("endorse", _native.Endorse, requestJson);

    // execute and endorse share their ABI: handle, output, its capacity and length, request.
    private EnclaveExecution Run(string call, delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, nuint, int> ecall, string requestJson)
    {
        byte[] request = Encoding.UTF8.GetBytes(requestJson);
        byte[] output = GC.AllocateUninitializedArray<byte>(NativeMethods.ExecuteOutputMax);
        nuint len = 0;
        int ret;
        long start = Stopwatch.GetTimestamp();
        using (Use(out nint h))
        {
            fixed (byte* req = request)
            fixed (byte* outp = output)
                ret = ecall(h, outp, (nuint)output.Length, &len, req, (nuint)request.Length);
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        int n = (int)Math.Min(len, (nuint)output.Length);
        while (n > 0 && output[n - 1] == 0) n--;
        if (ret == NativeMethods.ErrBackend || (ret != 0 && n == 0)) throw Failure(call, ret);
        return new EnclaveExecution(ret, ret == 0 ? "" : _native.ErrorName(ret), Encoding.UTF8.GetString(output, 0, n), elapsed);
    }

    /// <summary>The stable name of an oracle error code.</summary>
    public string ErrorName(int code) => _native.ErrorName(code);

    /// <summary>Closes the enclave after in-flight calls return.</summary>
    public void Dispose() => _handle.Dispose();

    private void AddResolves(nint h, List<string> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            ResolveEntry e = ResolveEntry.Parse(entries[i], out string error)
                             ?? throw Setup($"{EnclaveHostOptions.SectionName}:Resolve:{i}: {error}");
            byte[] name = Utf8z(e.Name), address = Utf8z(e.Address);
            int ret;
            fixed (byte* pn = name)
            fixed (byte* pa = address)
                ret = _native.AddResolve(h, pn, e.Port, pa);
            if (ret != 0)
                throw Setup($"{EnclaveHostOptions.SectionName}:Resolve:{i}: '{entries[i]}' refused by the library: {_native.ErrorName(ret)}", ret);
        }
    }

    private void Init(nint h, string sealedKeyPath, ILogger log)
    {
        string path = Path.GetFullPath(sealedKeyPath);
        byte[] sealedIn = [];
        try
        {
            if (File.Exists(path)) sealedIn = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Setup($"{EnclaveHostOptions.SectionName}:SealedKeyPath: cannot read {path}: {e.Message}", 0, e);
        }
        if (sealedIn.Length > NativeMethods.SealedMax)
            throw Setup($"{EnclaveHostOptions.SectionName}:SealedKeyPath: {path} is larger than {NativeMethods.SealedMax} bytes");

        byte[] sealedOut = new byte[NativeMethods.SealedMax];
        byte[] publicKey = new byte[64];
        nuint sealedOutLen = 0;
        int ret;
        fixed (byte* so = sealedOut)
        fixed (byte* pk = publicKey)
        fixed (byte* si = sealedIn)
            ret = _native.Init(h, so, (nuint)sealedOut.Length, &sealedOutLen, pk, sealedIn.Length == 0 ? null : si, (nuint)sealedIn.Length);
        if (ret != 0)
        {
            throw Setup(sealedIn.Length == 0
                ? $"enclave init failed creating a new key: {_native.ErrorName(ret)}"
                : $"{EnclaveHostOptions.SectionName}:SealedKeyPath: {path} was not sealed by this enclave, or is damaged ({_native.ErrorName(ret)})", ret);
        }
        if (sealedIn.Length > 0)
        {
            log.LogInformation("enclave key unsealed from {SealedKeyPath}", path);
            return;
        }
        try
        {
            WriteAtomically(path, sealedOut.AsSpan(0, checked((int)sealedOutLen)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Setup($"{EnclaveHostOptions.SectionName}:SealedKeyPath: cannot write {path}: {e.Message}", 0, e);
        }
        log.LogInformation("new enclave key sealed to {SealedKeyPath}", path);
    }

    // Temporary file (0600), fsync, rename: a crash leaves either no key file or a whole one.
    private static void WriteAtomically(string path, ReadOnlySpan<byte> data)
    {
        string tmp = $"{path}.tmp.{Environment.ProcessId}";
        try
        {
            var mode = new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var f = new FileStream(tmp, mode))
            {
                f.Write(data);
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private string ReadSigner()
    {
        using JsonDocument doc = JsonDocument.Parse(Identity(new byte[32]));
        return doc.RootElement.GetProperty("address").GetString()
               ?? throw new EnclaveException(EnclaveFailureKind.Internal, "identity document has no address");
    }

    private HandleLease Use(out nint h)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException e)
        {
            throw new EnclaveException(EnclaveFailureKind.Unavailable, "the enclave is closed", 0, e);
        }
        h = _handle.DangerousGetHandle();
        return new HandleLease(_handle);
    }

    private EnclaveException Failure(string call, int ret) => new(
        ret == NativeMethods.ErrBackend ? EnclaveFailureKind.Unavailable : EnclaveFailureKind.Internal,
        $"enclave {call} failed: {_native.ErrorName(ret)} ({ret})", ret);

    private static EnclaveException Setup(string message, int code = 0, Exception? inner = null) =>
        new(EnclaveFailureKind.Setup, message, code, inner);

    private static byte[] Utf8z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    private static int MaxLevel(ILogger log) =>
        log.IsEnabled(LogLevel.Debug) ? NativeMethods.LogDebug
        : log.IsEnabled(LogLevel.Information) ? NativeMethods.LogInfo
        : log.IsEnabled(LogLevel.Warning) ? NativeMethods.LogWarning
        : NativeMethods.LogError;

    // Called by the library on any thread, during any ECALL; must not throw.
    [UnmanagedCallersOnly]
    private static void OnLog(nint ctx, int level, byte* message)
    {
        try
        {
            if (GCHandle.FromIntPtr(ctx).Target is not ILogger log) return;
            LogLevel l = level switch
            {
                NativeMethods.LogError => LogLevel.Error,
                NativeMethods.LogWarning => LogLevel.Warning,
                NativeMethods.LogInfo => LogLevel.Information,
                _ => LogLevel.Debug,
            };
#pragma warning disable CA2254 // the enclave's line is the message
            log.Log(l, "{EnclaveMessage}", Marshal.PtrToStringUTF8((nint)message));
#pragma warning restore CA2254
        }
        catch
        {
            // A log line is never worth crashing the enclave host over.
        }
    }

    private readonly struct HandleLease(SafeHandle handle) : IDisposable
    {
        public void Dispose() => handle.DangerousRelease();
    }
}
