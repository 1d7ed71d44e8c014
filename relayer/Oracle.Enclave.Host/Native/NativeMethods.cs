using System.Runtime.InteropServices;

// liboracle_enclave.so exists for Linux only (the sim backend and Open Enclave's SGX host).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Oracle.Enclave.Host.Native;

/// <summary>
/// The flat C ABI of <c>enclave-tls/include/oracle_host.h</c>, bound to one loaded copy of
/// <c>liboracle_enclave.so</c> by full path (no process-wide DllImport resolver).
/// </summary>
/// <remarks>
/// Argument order follows the header: handle, outputs, inputs, each length right after its buffer.
/// Every function returns an oracle error code (0 = ok) except <c>set_log</c>, <c>close</c>,
/// <c>error_name</c> and <c>backend</c>.
/// </remarks>
internal sealed unsafe class NativeMethods
{
    /// <summary>ORACLE_HOST_EXECUTE_OUTPUT_MAX: execute and endorse cannot be repeated, so they always get this much room.</summary>
    public const int ExecuteOutputMax = 256 * 1024;

    /// <summary>ORACLE_HOST_IDENTITY_OUTPUT_MAX.</summary>
    public const int IdentityOutputMax = 32 * 1024;

    /// <summary>ORACLE_HOST_SEALED_MAX: the largest sealed key blob.</summary>
    public const int SealedMax = 4096;

    /// <summary>ORACLE_HOST_FLAG_DEBUG (openenclave: a debug enclave, never in production).</summary>
    public const uint FlagDebug = 1;

    public const int ErrBufferTooSmall = 704;
    public const int ErrBackend = 708;

    public const int LogError = 0;
    public const int LogWarning = 1;
    public const int LogInfo = 2;
    public const int LogDebug = 3;

    private NativeMethods(nint library)
    {
        Library = library;
        Open = (delegate* unmanaged<nint*, byte*, uint, int>)Export(library, "oracle_host_open");
        AddResolve = (delegate* unmanaged<nint, byte*, ushort, byte*, int>)Export(library, "oracle_host_add_resolve");
        SetLog = (delegate* unmanaged<nint, int, delegate* unmanaged<nint, int, byte*, void>, nint, void>)Export(
            library, "oracle_host_set_log");
        Init = (delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, byte*, nuint, int>)Export(library, "oracle_host_init");
        Identity = (delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, int>)Export(library, "oracle_host_identity");
        Execute = (delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, nuint, int>)Export(library, "oracle_host_execute");
        Endorse = (delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, nuint, int>)Export(library, "oracle_host_endorse");
        Close = (delegate* unmanaged<nint, void>)Export(library, "oracle_host_close");
        ErrorNameFn = (delegate* unmanaged<int, byte*>)Export(library, "oracle_host_error_name");
        BackendFn = (delegate* unmanaged<byte*>)Export(library, "oracle_host_backend");
    }

    public nint Library { get; }

    public delegate* unmanaged<nint*, byte*, uint, int> Open { get; }

    public delegate* unmanaged<nint, byte*, ushort, byte*, int> AddResolve { get; }

    public delegate* unmanaged<nint, int, delegate* unmanaged<nint, int, byte*, void>, nint, void> SetLog { get; }

    public delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, byte*, nuint, int> Init { get; }

    public delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, int> Identity { get; }

    public delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, nuint, int> Execute { get; }

    /// <summary>oracle_host_endorse: the same arguments as <see cref="Execute"/>; the request also carries "endorse".</summary>
    public delegate* unmanaged<nint, byte*, nuint, nuint*, byte*, nuint, int> Endorse { get; }

    public delegate* unmanaged<nint, void> Close { get; }

    private delegate* unmanaged<int, byte*> ErrorNameFn { get; }

    private delegate* unmanaged<byte*> BackendFn { get; }

    /// <summary>Loads the library at <paramref name="path"/> and binds every export.</summary>
    /// <exception cref="DllNotFoundException">The file cannot be loaded.</exception>
    /// <exception cref="EntryPointNotFoundException">An export of oracle_host.h is missing.</exception>
    public static NativeMethods Load(string path)
    {
        nint library = NativeLibrary.Load(path);
        try
        {
            return new NativeMethods(library);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    /// <summary>oracle_host_error_name: the stable snake_case name of an error code.</summary>
    public string ErrorName(int code) => Marshal.PtrToStringUTF8((nint)ErrorNameFn(code)) ?? "unknown";

    /// <summary>oracle_host_backend: "sim" or "openenclave".</summary>
    public string Backend() => Marshal.PtrToStringUTF8((nint)BackendFn()) ?? "unknown";

    private static nint Export(nint library, string name) => NativeLibrary.GetExport(library, name);
}
