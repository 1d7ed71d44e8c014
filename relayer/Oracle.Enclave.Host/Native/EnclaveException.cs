namespace Oracle.Enclave.Host.Native;

/// <summary>What went wrong talking to the enclave library, as the gRPC layer needs to know it.</summary>
public enum EnclaveFailureKind
{
    /// <summary>The enclave could not be created, loaded or initialised (a setting is wrong).</summary>
    Setup,

    /// <summary>The enclave is closed or its backend cannot be reached: callers may retry elsewhere.</summary>
    Unavailable,

    /// <summary>The library returned something the ABI does not allow (a bug on one side).</summary>
    Internal,
}

/// <summary>An error from <see cref="NativeEnclave"/>; <see cref="Exception.Message"/> names the setting or call.</summary>
public sealed class EnclaveException : Exception
{
    public EnclaveException(EnclaveFailureKind kind, string message, int code = 0, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Code = code;
    }

    /// <summary>The kind of failure.</summary>
    public EnclaveFailureKind Kind { get; }

    /// <summary>The oracle error code that caused it, or 0.</summary>
    public int Code { get; }
}
