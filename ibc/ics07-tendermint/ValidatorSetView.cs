using System.Security.Cryptography;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// A validator set that passed <see cref="Create"/>'s checks (CometBFT <c>ValidatorSet.ValidateBasic</c> plus
/// no duplicates and a bounded total power), with what verification needs at hand: raw ed25519 keys,
/// the total power, a lookup by address and the set's hash.
/// </summary>
internal sealed class ValidatorSetView
{
    private readonly Dictionary<ByteString, int> _byAddress;
    private byte[]? _hash;

    private readonly IConsensusEncoding _encoding;

    private ValidatorSetView(ValidatorSet set, byte[][] keys, long total, Dictionary<ByteString, int> byAddress, IConsensusEncoding encoding)
    {
        _encoding = encoding;
        Set = set;
        PublicKeys = keys;
        TotalVotingPower = total;
        _byAddress = byAddress;
    }

    public ValidatorSet Set { get; }

    public int Count => PublicKeys.Length;

    /// <summary>The 32-byte ed25519 key of each validator, in the set's order.</summary>
    public byte[][] PublicKeys { get; }

    public long TotalVotingPower { get; }

    public Validator this[int index] => Set.Validators[index];

    /// <summary>CometBFT <c>ValidatorSet.Hash()</c>, computed once.</summary>
    public byte[] Hash => _hash ??= _encoding.ValidatorSetHash(Set);

    /// <summary>The index of the validator with this address, or -1.</summary>
    public int IndexOf(ByteString address) => _byAddress.TryGetValue(address, out var i) ? i : -1;

    /// <summary>Checks <paramref name="set"/> and builds the view; <paramref name="what"/> names the set in messages.</summary>
    /// <param name="set">The set.</param>
    /// <param name="what">Its name in messages.</param>
    /// <param name="view">The view, when the set passed.</param>
    /// <param name="encoding">How the set is hashed.</param>
    /// <param name="allowEmpty">Accept an empty set (a block's next validators may be empty; a signing set may not).</param>
    public static TendermintResult Create(ValidatorSet? set, string what, out ValidatorSetView? view, IConsensusEncoding encoding, bool allowEmpty = false)
    {
        view = null;
        if (set is null)
            return new(TendermintError.MissingField, $"{what}: missing validator set");
        var count = set.Validators.Count;
        if (count == 0 && !allowEmpty)
            return new(TendermintError.EmptyValidatorSet, $"{what}: validator set is empty");
        if (count > Limits.MaxValidators)
            return new(TendermintError.InputTooLarge, $"{what}: {count} validators exceed {Limits.MaxValidators}");
        var keys = new byte[count][];
        var byAddress = new Dictionary<ByteString, int>(count);
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var v = set.Validators[i];
            var r = CheckValidator(v, $"{what}: validator #{i}", out keys[i]);
            if (!r.IsOk)
                return r;
            if (!byAddress.TryAdd(v.Address, i))
                return new(TendermintError.DuplicateValidator, $"{what}: validator {Hex(v.Address)} appears at #{byAddress[v.Address]} and #{i}");
            total += v.VotingPower; // each power <= MaxTotalVotingPower, so the running sum cannot overflow before the check
            if (total > Limits.MaxTotalVotingPower)
                return new(TendermintError.VotingPowerOverflow, $"{what}: total voting power exceeds {Limits.MaxTotalVotingPower}");
        }
        if (set.Proposer is not null)
        {
            var r = CheckValidator(set.Proposer, $"{what}: proposer", out _);
            if (!r.IsOk)
                return r;
        }
        view = new ValidatorSetView(set, keys, total, byAddress, encoding);
        return TendermintResult.Ok;
    }

    /// <summary>CometBFT <c>Validator.ValidateBasic</c> for ed25519 keys, plus a power bound.</summary>
    private static TendermintResult CheckValidator(Validator? v, string what, out byte[] key)
    {
        key = [];
        if (v is null)
            return new(TendermintError.MissingField, $"{what} is missing");
        if (v.PubKey is null || v.PubKey.SumCase == PublicKey.SumOneofCase.None)
            return new(TendermintError.MissingField, $"{what} has no public key");
        if (v.PubKey.SumCase != PublicKey.SumOneofCase.Ed25519)
            return new(TendermintError.UnsupportedKey, $"{what} has a {v.PubKey.SumCase} key; only ed25519 is supported");
        if (v.PubKey.Ed25519.Length != Limits.Ed25519PublicKeySize)
            return new(TendermintError.UnsupportedKey, $"{what} has an ed25519 key of {v.PubKey.Ed25519.Length} bytes, not 32");
        if (v.VotingPower < 0)
            return new(TendermintError.InvalidVotingPower, $"{what} has negative voting power {v.VotingPower}");
        if (v.VotingPower > Limits.MaxTotalVotingPower)
            return new(TendermintError.VotingPowerOverflow, $"{what} has voting power {v.VotingPower} above {Limits.MaxTotalVotingPower}");
        key = v.PubKey.Ed25519.ToByteArray();
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(key, digest);
        if (v.Address.Length != Limits.AddressSize || !v.Address.Span.SequenceEqual(digest[..Limits.AddressSize]))
            return new(TendermintError.InvalidAddress, $"{what}: address {Hex(v.Address)} is not derived from its key ({Convert.ToHexString(digest[..Limits.AddressSize])})");
        return TendermintResult.Ok;
    }

    internal static string Hex(ByteString bytes) => Convert.ToHexString(bytes.Span);
}
