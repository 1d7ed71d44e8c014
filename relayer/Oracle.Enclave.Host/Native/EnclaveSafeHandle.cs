using System.Runtime.InteropServices;

namespace Oracle.Enclave.Host.Native;

/// <summary>
/// Owns one <c>oracle_host*</c> and the GC handle that the log callback receives as its context.
/// </summary>
/// <remarks>
/// Calls go through <see cref="SafeHandle.DangerousAddRef"/>, so the enclave is closed only after
/// the last in-flight identity or execute returns; the log context is freed after the close, so a
/// log line from a running ECALL never sees a freed context.
/// </remarks>
internal sealed unsafe class EnclaveSafeHandle : SafeHandle
{
    private readonly NativeMethods _native;
    private GCHandle _logContext;

    public EnclaveSafeHandle(NativeMethods native, nint handle, GCHandle logContext)
        : base(nint.Zero, ownsHandle: true)
    {
        _native = native;
        _logContext = logContext;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        // The log sink is process-wide in the C library: detach ours before the handle goes.
        _native.SetLog(handle, NativeMethods.LogWarning, null, nint.Zero);
        _native.Close(handle);
        if (_logContext.IsAllocated) _logContext.Free();
        return true;
    }
}
