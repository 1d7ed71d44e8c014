namespace Oracle.Ibc.Tendermint;

/// <summary>
/// The rule a light block, a commit or an encoding failed. Values are stable codes; never renumber.
/// Codes 1-19 are decoding, 20-49 the shape of headers, commits and validator sets, 50-69 commit
/// verification, 70-89 the light client's rules against a trusted state, 90-99 bisection.
/// </summary>
public enum TendermintError
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>The bytes are not a valid protobuf encoding of the expected message.</summary>
    MalformedProtobuf = 1,
    /// <summary>The protobuf carries unknown fields or is not the canonical encoding of its content.</summary>
    NonCanonicalEncoding = 2,
    /// <summary>The text is not well-formed JSON (syntax, depth, duplicate property).</summary>
    MalformedJson = 3,
    /// <summary>A JSON member is missing, of the wrong kind, or its value does not parse (hex, base64, time, integer range).</summary>
    InvalidJsonField = 4,
    /// <summary>The input exceeds the decoder's size bound (bytes, validators, signatures).</summary>
    InputTooLarge = 5,

    /// <summary>A required part is missing (header, commit, validator set, public key, block id).</summary>
    MissingField = 20,
    /// <summary>The chain id is empty or longer than 50 bytes.</summary>
    InvalidChainId = 21,
    /// <summary>A height is zero or negative, or a round is negative.</summary>
    InvalidHeight = 22,
    /// <summary>A hash is neither empty nor 32 bytes where CometBFT requires that, or a required hash is empty.</summary>
    InvalidHash = 23,
    /// <summary>A timestamp is outside 0001-01-01..9999-12-31 or its nanoseconds are out of range.</summary>
    InvalidTimestamp = 24,
    /// <summary>An address is not 20 bytes, or a validator's address is not derived from its key.</summary>
    InvalidAddress = 25,
    /// <summary>A public key is not 32-byte ed25519 (secp256k1 and other kinds are not supported).</summary>
    UnsupportedKey = 26,
    /// <summary>A validator set is empty.</summary>
    EmptyValidatorSet = 27,
    /// <summary>A validator set lists the same validator (address) twice.</summary>
    DuplicateValidator = 28,
    /// <summary>A voting power is negative.</summary>
    InvalidVotingPower = 29,
    /// <summary>The total voting power exceeds CometBFT's bound (int64 max / 8).</summary>
    VotingPowerOverflow = 30,
    /// <summary>A commit signature carries an unknown block id flag, or an absent one carries data.</summary>
    InvalidCommitSig = 31,
    /// <summary>A commit signature is not 64 bytes.</summary>
    InvalidSignatureLength = 32,
    /// <summary>A commit is for the nil block (empty block id).</summary>
    NilCommit = 33,
    /// <summary>A commit has no signature, or none that is not absent.</summary>
    NoSignatures = 34,
    /// <summary>The same validator address signs twice in one commit.</summary>
    DuplicateSignature = 35,

    /// <summary>The commit's height is not the header's.</summary>
    CommitHeightMismatch = 50,
    /// <summary>The commit's block id is not the header's hash (or not the block id asked for).</summary>
    CommitBlockIdMismatch = 51,
    /// <summary>The commit's signature count differs from the validator count.</summary>
    SignatureCountMismatch = 52,
    /// <summary>The signature at an index names another validator than the set's at that index.</summary>
    ValidatorAddressMismatch = 53,
    /// <summary>A commit signature is from a validator that is not in the block's validator set.</summary>
    UnknownValidator = 54,
    /// <summary>A signature does not verify.</summary>
    InvalidSignature = 55,
    /// <summary>The signatures for the block carry no more than 2/3 of the validator set's power.</summary>
    InsufficientVotingPower = 56,
    /// <summary>Not enough of the trusted validators signed (trust level not reached): bisect.</summary>
    NotEnoughTrust = 57,
    /// <summary>The trust threshold is outside [1/3, 1] or has a zero denominator.</summary>
    InvalidTrustThreshold = 58,

    /// <summary>The validator set does not hash to the header's validators_hash.</summary>
    ValidatorsHashMismatch = 70,
    /// <summary>The next validator set does not hash to the header's next_validators_hash.</summary>
    NextValidatorsHashMismatch = 71,
    /// <summary>Adjacent headers: the new validators_hash is not the trusted next_validators_hash.</summary>
    AdjacentValidatorsMismatch = 72,
    /// <summary>The trusted validators do not hash to the trusted next_validators_hash.</summary>
    TrustedValidatorsMismatch = 73,
    /// <summary>The header belongs to another chain than the trusted state.</summary>
    ChainIdMismatch = 74,
    /// <summary>The header's height is not above the trusted height.</summary>
    NonIncreasingHeight = 75,
    /// <summary>The header's time is not after the trusted header's time.</summary>
    NonMonotonicTime = 76,
    /// <summary>The header's time is not before now + max clock drift.</summary>
    HeaderFromFuture = 77,
    /// <summary>The trusted header is older than the trusting period: trust has expired.</summary>
    TrustExpired = 78,
    /// <summary>The light client options are out of range (trusting period, clock drift).</summary>
    InvalidOptions = 79,
    /// <summary>VerifyAdjacent got non-adjacent heights, or VerifyNonAdjacent adjacent ones.</summary>
    WrongAdjacency = 80,

    /// <summary>Bisection: the target is not above the trusted height.</summary>
    TargetNotAfterTrusted = 90,
    /// <summary>Bisection: the source answered with a block at another height than asked.</summary>
    SourceHeightMismatch = 91,
    /// <summary>Bisection: no pivot is left between the verified and the unverified height.</summary>
    BisectionExhausted = 92,
}

/// <summary>The light client's verdict on a block, as CometBFT and tendermint-rs name it.</summary>
public enum Verdict
{
    /// <summary>The block verified and can become the trusted state.</summary>
    Success = 0,
    /// <summary>The block may be valid but too few trusted validators signed it: verify a block in between first.</summary>
    NotEnoughTrust = 1,
    /// <summary>The block or the request broke a rule; <see cref="TendermintResult.Error"/> names it.</summary>
    Invalid = 2,
}

/// <summary>Predicates that callers use to decide what to do with an error.</summary>
public static class TendermintErrors
{
    /// <summary>The verdict an error gives: <see cref="Verdict.Success"/> for none,
    /// <see cref="Verdict.NotEnoughTrust"/> for <see cref="TendermintError.NotEnoughTrust"/>, else invalid.</summary>
    public static Verdict ToVerdict(this TendermintError error) => error switch
    {
        TendermintError.None => Verdict.Success,
        TendermintError.NotEnoughTrust => Verdict.NotEnoughTrust,
        _ => Verdict.Invalid,
    };

    /// <summary>True when verifying an intermediate block can still succeed (bisect), false when the
    /// block or the trust is bad and another source or a new trusted state is needed.</summary>
    public static bool ShouldBisect(this TendermintError error) => error == TendermintError.NotEnoughTrust;

    /// <summary>True for failures of the bytes themselves (malformed, oversized): the peer that sent them is faulty.</summary>
    public static bool IsDecodeFailure(this TendermintError error) => error is >= TendermintError.MalformedProtobuf and <= TendermintError.InputTooLarge;
}

/// <summary>A decoder or a caller-side check refused its input; <see cref="Error"/> names the rule.</summary>
public sealed class TendermintException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TendermintException(TendermintError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>The rule that failed.</summary>
    public TendermintError Error { get; }

    /// <summary>The failure as a result value.</summary>
    public TendermintResult ToResult() => new(Error, Message);
}

/// <summary>Outcome of a check or a verification: <see cref="TendermintError.None"/> or the failed rule with a message.</summary>
public readonly record struct TendermintResult(TendermintError Error, string Message)
{
    /// <summary>The check passed.</summary>
    public static TendermintResult Ok { get; } = new(TendermintError.None, "");

    /// <summary>True when every rule passed.</summary>
    public bool IsOk => Error == TendermintError.None;

    /// <summary>The light client verdict this result gives.</summary>
    public Verdict Verdict => Error.ToVerdict();

    /// <summary>Throws a <see cref="TendermintException"/> unless the result is <see cref="Ok"/>.</summary>
    /// <exception cref="TendermintException">The failed rule.</exception>
    public void ThrowIfFailed()
    {
        if (!IsOk)
            throw new TendermintException(Error, Message);
    }

    /// <inheritdoc />
    public override string ToString() => IsOk ? "ok" : $"{Error} ({(int)Error}): {Message}";
}
