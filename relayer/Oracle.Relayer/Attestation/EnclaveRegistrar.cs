using System.Numerics;
using Microsoft.Extensions.Logging;
using Oracle.Attestation;
using Oracle.Enclave.Client;
using Oracle.Evm;

namespace Oracle.Relayer.Attestation;

/// <summary>What a registration did.</summary>
/// <param name="Entry">The entry written.</param>
/// <param name="Signatures">The verifiers' signatures submitted, ordered by verifier address.</param>
/// <param name="Refusals">Verifiers that refused, with why.</param>
/// <param name="TransactionHash">The registerEnclave transaction.</param>
public sealed record Registration(EnclaveEntry Entry, IReadOnlyList<EntrySignature> Signatures, IReadOnlyList<string> Refusals, string TransactionHash);

/// <summary>
/// Registers (and renews) a validator's enclave in the on-chain registry through the gate: one
/// verifier proposes the entry from its own verification, the others verify the enclave
/// themselves and endorse it, and the entry goes on chain with the registry's threshold of
/// signatures. <see cref="RenewIfDueAsync"/> re-registers with fresh evidence before expiry.
/// </summary>
public sealed class EnclaveRegistrar
{
    private readonly IReadOnlyList<EnclaveAttestor> _verifiers;
    private readonly IEnclaveClient _enclave;
    private readonly EthJsonRpcClient _rpc;
    private readonly TransactionSender _sender;
    private readonly EthKey _submitter;
    private readonly ILogger _log;

    /// <summary>Creates a registrar for <paramref name="validator"/>'s enclave at <paramref name="registry"/>.</summary>
    public EnclaveRegistrar(IReadOnlyList<EnclaveAttestor> verifiers, IEnclaveClient enclave, EthJsonRpcClient rpc, EthKey submitter,
        EthAddress registry, BigInteger chainId, EthAddress validator, ulong power, ILogger log)
    {
        if (verifiers is null || verifiers.Count == 0) throw new ArgumentException("at least one verifier is needed", nameof(verifiers));
        _verifiers = verifiers;
        _enclave = enclave ?? throw new ArgumentNullException(nameof(enclave));
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _submitter = submitter ?? throw new ArgumentNullException(nameof(submitter));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
        Registry = registry;
        ChainId = chainId;
        Validator = validator;
        Power = power;
    }

    /// <summary>The registry contract.</summary>
    public EthAddress Registry { get; }

    /// <summary>Its chain.</summary>
    public BigInteger ChainId { get; }

    /// <summary>The validator registered.</summary>
    public EthAddress Validator { get; }

    /// <summary>Its voting power.</summary>
    public ulong Power { get; }

    /// <summary>Transaction options for the registration.</summary>
    public TransactionOptions TxOptions { get; init; } = new()
    {
        Confirmations = 0,
        StuckAfter = TimeSpan.FromSeconds(30),
        MaxReplacements = 2,
        PollInterval = TimeSpan.FromMilliseconds(200),
        ReceiptTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The registry's verifier set and threshold.</summary>
    public async Task<(IReadOnlyList<EthAddress> Verifiers, int Threshold)> ReadGateAsync(CancellationToken ct)
    {
        var data = await _rpc.CallAsync(new CallRequest { To = Registry, Data = Abi.EncodeCall("verifiers()") }, BlockTag.Latest, ct).ConfigureAwait(false);
        var decoded = Abi.Decode("address[],uint256", data);
        var list = ((System.Collections.IEnumerable)decoded[0]!).Cast<EthAddress>().ToList();
        return (list, (int)(BigInteger)decoded[1]!);
    }

    /// <summary>The signer's live entry: registered and its expiry (chain time).</summary>
    public async Task<(bool Registered, ulong ExpiresAt)> SignerStatusAsync(EthAddress signer, CancellationToken ct)
    {
        var data = await _rpc.CallAsync(new CallRequest { To = Registry, Data = Abi.EncodeCall("signerStatus(address)", signer) }, BlockTag.Latest, ct).ConfigureAwait(false);
        var decoded = Abi.Decode("bool,uint64,address", data);
        return ((bool)decoded[0]!, (ulong)(BigInteger)decoded[1]!);
    }

    /// <summary>Verifies, collects the threshold of endorsements and writes the entry.</summary>
    /// <exception cref="RelayerException">Fewer verifiers endorsed than the registry requires, or the transaction failed.</exception>
    /// <exception cref="AttestationException">The proposing verifier refused the enclave.</exception>
    public async Task<Registration> RegisterAsync(CancellationToken ct)
    {
        var (_, threshold) = await ReadGateAsync(ct).ConfigureAwait(false);
        if (threshold == 0) throw new RelayerException(RelayerErrorKind.Registration, $"the registry {Registry} has no attestation verifiers configured (setVerifiers)");
        ulong now = (await _rpc.GetBlockAsync(BlockTag.Latest, ct).ConfigureAwait(false))!.Timestamp;
        // issuedAt must exceed the validator's last entry: a second registration within the same
        // block time is issued one second later (the registry allows 15 minutes ahead).
        var keys = await _rpc.CallAsync(new CallRequest { To = Registry, Data = Abi.EncodeCall("enclaveKeys(address)", Validator) }, BlockTag.Latest, ct).ConfigureAwait(false);
        now = Math.Max(now, (ulong)(BigInteger)Abi.Decode("bytes32,uint64", keys)[1]! + 1);
        var (proposal, quote) = await _verifiers[0].VerifyAsync(_enclave, Validator, Power, now, ct).ConfigureAwait(false);
        _log.LogInformation("proposed entry for {Validator}: signer {Signer}, TCB {Status}{Simulated}, expires {Expires}",
            Validator, proposal.Signer, quote.Status, quote.Simulated ? " (SIMULATED)" : "", proposal.ExpiresAt);
        var signatures = new List<EntrySignature>();
        var refusals = new List<string>();
        foreach (var verifier in _verifiers)
        {
            if (signatures.Count == threshold) break;
            try
            {
                signatures.Add(await verifier.EndorseAsync(_enclave, proposal, now, ChainId, Registry, ct).ConfigureAwait(false));
            }
            catch (AttestationException e)
            {
                refusals.Add($"{verifier.Address}: {e.Message}");
                _log.LogWarning("verifier {Verifier} refused: {Reason}", verifier.Address, e.Message);
            }
        }
        if (signatures.Count < threshold)
        {
            throw new RelayerException(RelayerErrorKind.Registration,
                $"only {signatures.Count} of the {threshold} verifier signatures the registry needs: {string.Join("; ", refusals)}");
        }
        var ordered = signatures.OrderBy(s => s.Verifier.ToLowerHex(), StringComparer.Ordinal).ToList();
        var data = Abi.EncodeCall(EnclaveEntry.RegisterSignature, proposal.Values(), ordered.Select(s => (object?)s.Signature).ToArray());
        var outcome = await _sender.SendAsync(_submitter, Registry, data, null, TxOptions, ct).ConfigureAwait(false);
        _log.LogInformation("registered {Validator}'s enclave {Signer} with {Count} verifier signatures in {Tx}", Validator, proposal.Signer, ordered.Count, outcome.Hash);
        return new Registration(proposal, ordered, refusals, outcome.Hash);
    }

    /// <summary>Registers when the enclave has no live entry or it lapses within <paramref name="renewBefore"/> (chain time).</summary>
    /// <returns>The registration, or null when the entry is still good.</returns>
    public async Task<Registration?> RenewIfDueAsync(EthAddress enclaveSigner, TimeSpan renewBefore, CancellationToken ct)
    {
        var (registered, expiresAt) = await SignerStatusAsync(enclaveSigner, ct).ConfigureAwait(false);
        ulong now = (await _rpc.GetBlockAsync(BlockTag.Latest, ct).ConfigureAwait(false))!.Timestamp;
        if (registered && expiresAt > now + (ulong)renewBefore.TotalSeconds)
        {
            return null;
        }
        _log.LogInformation("enclave {Signer}: {State}; renewing with fresh evidence", enclaveSigner,
            registered ? $"entry expires at {expiresAt}, within {renewBefore.TotalSeconds:0} s" : "not registered");
        return await RegisterAsync(ct).ConfigureAwait(false);
    }
}
