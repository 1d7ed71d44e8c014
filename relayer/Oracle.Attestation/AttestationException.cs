namespace Oracle.Attestation;

/// <summary>
/// Evidence was malformed or did not verify. <see cref="Check"/> names the rule that failed
/// with a stable dotted code from <see cref="AttestationCheck"/> (for example
/// <c>quote.header.version</c>), so that callers and logs can tell failures apart.
/// </summary>
/// <remarks>
/// Attestation failures are properties of the evidence, not of the network: trying the same
/// evidence again gives the same answer.
/// </remarks>
public sealed class AttestationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="check">The code of the failed check (see <see cref="AttestationCheck"/>).</param>
    /// <param name="message">What was wrong, for people.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public AttestationException(string check, string message, Exception? inner = null)
        : base($"{check}: {message}", inner) => Check = check;

    /// <summary>The code of the check that failed (one of the <see cref="AttestationCheck"/> constants).</summary>
    public string Check { get; }
}
