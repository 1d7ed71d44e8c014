using System.Numerics;
using System.Text;
using System.Text.Json;
using Oracle.Attestation;
using Oracle.Enclave.Client;
using Oracle.Evm;

namespace Oracle.Relayer.Attestation;

/// <summary>
/// The attestation verifier role (DESIGN.md section 5): fetches an enclave's evidence over gRPC,
/// verifies it with Oracle.Attestation (DCAP quote, collateral, policy, REPORTDATA binding of the
/// enclave's keys and the validator), and signs a registry entry only if it says exactly what the
/// verifier found.
/// </summary>
public sealed class EnclaveAttestor
{
    private readonly EthKey _key;
    private readonly DcapVerifier _verifier;
    private readonly Func<SgxQuote, CancellationToken, Task<Collateral>> _collateral;
    private readonly AttestationPolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier.</summary>
    /// <param name="key">The verifier's signing key (its address is configured in the registry).</param>
    /// <param name="verifier">The DCAP verifier (Intel's root, or a simulation root).</param>
    /// <param name="collateral">Where collateral for a quote comes from (a PCS client, or fixed collateral).</param>
    /// <param name="policy">What is acceptable.</param>
    /// <param name="entryLifetime">How long an entry this verifier signs may live at most.</param>
    /// <param name="time">The verification clock.</param>
    public EnclaveAttestor(EthKey key, DcapVerifier verifier, Func<SgxQuote, CancellationToken, Task<Collateral>> collateral,
        AttestationPolicy policy, TimeSpan entryLifetime, TimeProvider? time = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _collateral = collateral ?? throw new ArgumentNullException(nameof(collateral));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        if (entryLifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(entryLifetime), "the entry lifetime must be positive");
        EntryLifetime = entryLifetime;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The verifier's address.</summary>
    public EthAddress Address => _key.Address;

    /// <summary>The longest entry this verifier signs.</summary>
    public TimeSpan EntryLifetime { get; }

    /// <summary>Verifies the enclave's evidence for <paramref name="validator"/> and returns the entry this verifier would sign, issued at <paramref name="chainNow"/>.</summary>
    /// <exception cref="AttestationException">The evidence does not verify, the policy refuses it, or it does not bind the enclave's keys and this validator.</exception>
    public async Task<(EnclaveEntry Entry, VerifiedQuote Quote)> VerifyAsync(IEnclaveClient enclave, EthAddress validator, ulong power, ulong chainNow, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enclave);
        string operatorId = EnclaveEntry.OperatorId(validator);
        var identity = await enclave.IdentityAsync(KeyBinding.OperatorHash(operatorId), ct).ConfigureAwait(false);
        var (evidence, publicKey, x25519) = ReadIdentity(identity.Raw);
        using var quote = SgxQuote.Parse(evidence);
        var collateral = await _collateral(quote, ct).ConfigureAwait(false);
        var verified = _verifier.Verify(quote, collateral, _time.GetUtcNow());
        _policy.Check(verified);
        KeyBinding.Check(verified.Report, publicKey, x25519, Encoding.UTF8.GetBytes(operatorId));
        var signer = EthAddress.FromPublicKey(publicKey);
        if (!string.Equals(signer.ToLowerHex(), EthAddress.Parse(identity.Signer).ToLowerHex(), StringComparison.Ordinal))
        {
            throw new AttestationException(AttestationCheck.ReportDataBinding, $"the identity's address {identity.Signer} is not its public key's {signer}");
        }
        ulong lifetime = (ulong)EntryLifetime.TotalSeconds;
        ulong untilCollateral = (ulong)Math.Max(0, verified.ValidUntil.ToUnixTimeSeconds() - _time.GetUtcNow().ToUnixTimeSeconds()) + chainNow;
        var entry = new EnclaveEntry(validator, power, signer, x25519, verified.Report.MrEnclave.ToArray(),
            verified.Simulated ? EnclaveEntry.SimulatedStatus : (byte)verified.Status, Math.Min(chainNow + lifetime, untilCollateral), chainNow);
        return (entry, verified);
    }

    /// <summary>
    /// Verifies the enclave itself and signs <paramref name="proposed"/> for the registry, only if it
    /// names the enclave this verifier found, expires no later than this verifier allows, and was
    /// issued within 15 minutes of <paramref name="chainNow"/>.
    /// </summary>
    /// <exception cref="AttestationException">The evidence does not verify, or the proposal says something else (<c>registry.entry_mismatch</c>).</exception>
    public async Task<EntrySignature> EndorseAsync(IEnclaveClient enclave, EnclaveEntry proposed, ulong chainNow, BigInteger chainId, EthAddress registry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var (own, _) = await VerifyAsync(enclave, proposed.Validator, proposed.Power, chainNow, ct).ConfigureAwait(false);
        if (!own.SameEnclave(proposed))
        {
            throw new AttestationException(EntryMismatch, $"the proposed entry (signer {proposed.Signer}, status {proposed.TcbStatus}) is not what this verifier found (signer {own.Signer}, status {own.TcbStatus})");
        }
        if (proposed.ExpiresAt > own.ExpiresAt + 900)
        {
            throw new AttestationException(EntryMismatch, $"the proposed entry expires at {proposed.ExpiresAt}, later than this verifier allows ({own.ExpiresAt})");
        }
        if (proposed.IssuedAt + 900 < chainNow || proposed.IssuedAt > chainNow + 900)
        {
            throw new AttestationException(EntryMismatch, $"the proposed entry was issued at {proposed.IssuedAt}, not within 15 minutes of chain time {chainNow}");
        }
        var signature = _key.Sign(proposed.Digest(chainId, registry)).ToBytes65();
        return new EntrySignature(Address, signature);
    }

    /// <summary>The check code of a proposal that does not match the verifier's own findings.</summary>
    public const string EntryMismatch = "registry.entry_mismatch";

    private static (byte[] Evidence, byte[] PublicKey, byte[] X25519) ReadIdentity(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.String)
            {
                throw new AttestationException("evidence.missing", "the enclave's identity carries no evidence");
            }
            return (Hex.Decode(evidence.GetString()!), Hex.Decode(root.GetProperty("public_key").GetString()!), Hex.Decode(root.GetProperty("x25519_public_key").GetString()!));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new AttestationException("evidence.identity", $"the enclave's identity document is unreadable: {e.Message}", e);
        }
    }
}
