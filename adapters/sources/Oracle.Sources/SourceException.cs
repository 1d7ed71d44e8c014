namespace Oracle.Sources;

/// <summary>What went wrong when a source or feed definition was turned into a job spec.</summary>
/// <remarks>The numbers are stable; every one is a configuration error that retrying cannot fix.</remarks>
public enum SourceErrorCode
{
    /// <summary>No template has the requested adapter name.</summary>
    UnknownAdapter = 1,
    /// <summary>A required parameter is absent or empty.</summary>
    MissingParam = 2,
    /// <summary>A parameter's value is outside the template's charset or length.</summary>
    InvalidParam = 3,
    /// <summary>A parameter the template does not know was given.</summary>
    UnknownParam = 4,
    /// <summary>The endpoint override names an unusable host or port.</summary>
    InvalidOverride = 5,
    /// <summary>The feed (decimals, aggregation, limits, source count) breaks the enclave's bounds.</summary>
    InvalidFeed = 6,
    /// <summary>A JSON Pointer is malformed or names nothing in the document.</summary>
    PointerNotFound = 7,
    /// <summary>The value a pointer names is not a decimal number or decimal string.</summary>
    ValueNotNumber = 8,
    /// <summary>The job holds a value RFC 8785 (as the enclave applies it) cannot canonicalize.</summary>
    NotCanonicalizable = 9,
}

/// <summary>The one error type of <c>Oracle.Sources</c>; it names the adapter and parameter concerned.</summary>
public sealed class SourceException : Exception
{
    /// <summary>Creates the error.</summary>
    public SourceException(SourceErrorCode code, string message, string? adapter = null, string? param = null)
        : base(message)
    {
        Code = code;
        Adapter = adapter;
        Param = param;
    }

    /// <summary>The kind of failure.</summary>
    public SourceErrorCode Code { get; }

    /// <summary>The adapter (template) concerned, when there is one.</summary>
    public string? Adapter { get; }

    /// <summary>The parameter or field concerned, when there is one.</summary>
    public string? Param { get; }

    /// <summary>Always false: every <see cref="SourceException"/> is a definition error, not a transient one.</summary>
    public bool IsRetryable => false;
}
