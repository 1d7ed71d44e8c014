using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Requests;

namespace Oracle.Relayer.Proofs;

/// <summary>
/// Verifies a pull proof off-chain exactly as <c>OracleProof.verifyQuorum</c> does on-chain, and in the same order,
/// so that a refusal here names the error the consumer's transaction would revert with:
/// <list type="number">
/// <item>shape: version 1, lengths, 1 to 16 signatures (<see cref="ProofCheck.Malformed"/>), at least
/// <see cref="ProofRequirements.MinSigners"/> (<see cref="ProofCheck.TooFewSigners"/>);</item>
/// <item>requestId zero (<see cref="ProofCheck.NotAFeedProof"/>), not an error report (<see cref="ProofCheck.ErrorReport"/>);</item>
/// <item>freshness at the latest block: observedAt + maxAge &gt;= its timestamp (<see cref="ProofCheck.Stale"/>);</item>
/// <item>per signature, under the EIP-712 domain of this chain and the consumer: it recovers (<see cref="ProofCheck.Signature"/>),
/// signers strictly ascending (<see cref="ProofCheck.SignersNotSorted"/>), and the registry's <c>signerEntry</c> at that
/// block is active (<see cref="ProofCheck.SignerNotRegistered"/>) and not expired (<see cref="ProofCheck.SignerExpired"/>);</item>
/// <item>last, what the consumer checks after <c>verify</c> returns: the feed id (<see cref="ProofCheck.WrongFeed"/>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Reads over JSON-RPC: <c>eth_chainId</c> once, the latest block, and one <c>eth_call</c> per signer at that block.
/// A transaction is judged at a later block than the latest, so a proof within a second or two of its
/// <c>maxAge</c> or its signer's expiry may pass here and revert on-chain. Thread-safe.
/// </remarks>
public sealed class ProofVerifier
{
    private const int FixedLength = 148;

    // secp256k1 order / 2: a larger s is the malleable twin, which AttestedReport refuses.
    private static readonly BigInteger HalfOrder = BigInteger.Parse("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", NumberStyles.HexNumber);

    private readonly EthJsonRpcClient rpc;
    private volatile bool chainChecked;

    /// <summary>Creates a verifier for proofs consumed on chain <paramref name="chainId"/>, read through <paramref name="rpc"/>.</summary>
    public ProofVerifier(EthJsonRpcClient rpc, BigInteger chainId)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        this.rpc = rpc;
        ChainId = chainId;
    }

    /// <summary>The chain the proofs are judged for (the EIP-712 domain's chainId).</summary>
    public BigInteger ChainId { get; }

    /// <summary>Judges one proof.</summary>
    /// <param name="proof">The compact proof (DESIGN.md section 4), any bytes.</param>
    /// <param name="requirements">The consumer, its registry and maxAge, and optionally the feed and signer count.</param>
    /// <param name="cancellationToken">Cancels the RPC reads.</param>
    /// <returns>The verdict; never throws for bad proof bytes. A malformed proof is judged without reading the chain.</returns>
    /// <exception cref="ProofVerificationException">The chain could not be read (kind Rpc), or the endpoint serves another
    /// chain id (kind WrongChain).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ProofRequirements.MinSigners"/> is outside 1..16, or maxAge is negative.</exception>
    public async Task<ProofVerdict> VerifyAsync(ReadOnlyMemory<byte> proof, ProofRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentOutOfRangeException.ThrowIfLessThan(requirements.MinSigners, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requirements.MinSigners, OracleProofAbi.MaxSignatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(requirements.MaxAge, TimeSpan.Zero);

        var signers = new List<SignerEntry>();
        CompactProof? p = null;
        BlockHeader? head = null;
        ProofVerdict Refuse(string check, string contractError, string reason) => new()
        {
            Ok = false, Check = check, ContractError = contractError, Reason = reason, Proof = p, Signers = signers.ToList(),
            ChainId = ChainId, ChainTime = head?.Timestamp, BlockNumber = head?.Number, Requirements = requirements,
        };

        // 1. Shape (AttestedReport.shape), then the signature count the caller needs.
        if (Shape(proof.Span) is { } malformed) return Refuse(ProofCheck.Malformed, malformed.Error, malformed.Reason);
        p = CompactProof.Decode(proof.Span);
        if (p.Signatures.Count < requirements.MinSigners)
            return Refuse(ProofCheck.TooFewSigners, "TooFewSigners",
                $"the proof carries {p.Signatures.Count} signature(s), fewer than the {requirements.MinSigners} required");

        // 2. A feed report, not a request's answer nor a signed refusal.
        if (p.RequestId.Any(b => b != 0))
            return Refuse(ProofCheck.NotAFeedProof, "NotAFeedProof",
                $"requestId is {Hex.Encode(p.RequestId)}, not zero: this report answers an on-chain request and belongs to OracleRequests.fulfill, not to a consumer of pull proofs");
        if (p.SourcesHash.AsSpan().SequenceEqual(RequestsAbi.ErrorSourcesHash))
            return Refuse(ProofCheck.ErrorReport, "ErrorReport",
                $"sourcesHash is keccak256(\"AttestedOracle/error/v1\"): a signed error report (the enclave refused the job: '{ErrorName(p.Data)}'), not a value");

        // 3. Freshness at the chain's latest block.
        await EnsureChainAsync(cancellationToken);
        head = await ReadAsync(() => rpc.GetBlockAsync(BlockTag.Latest, cancellationToken), "eth_getBlockByNumber(latest)")
            ?? throw new ProofVerificationException(ProofVerificationErrorKind.Rpc, $"{rpc.Endpoint} returned no latest block");
        ulong maxAge = (ulong)Math.Floor(requirements.MaxAge.TotalSeconds);
        if ((BigInteger)p.ObservedAt + maxAge < head.Timestamp)
            return Refuse(ProofCheck.Stale, "ProofStale",
                $"observedAt {p.ObservedAt} + maxAge {maxAge} s = {(BigInteger)p.ObservedAt + maxAge} is earlier than the chain's time {head.Timestamp} " +
                $"(block {head.Number}): the report is {(long)head.Timestamp - (long)p.ObservedAt} s old");

        // 4. Each signature under this chain's and the consumer's EIP-712 domain, each signer once, each registered and live.
        byte[] digest = p.Digest(ChainId, requirements.Consumer);
        EthAddress previous = EthAddress.Zero;
        for (int i = 0; i < p.Signatures.Count; i++)
        {
            if (Recover(p.Signatures[i], digest, i, out var signer) is { } bad) return Refuse(ProofCheck.Signature, "InvalidSignature", bad);
            if (signer.AsSpan().SequenceCompareTo(previous.AsSpan()) <= 0)
                return Refuse(ProofCheck.SignersNotSorted, "SignersNotSorted",
                    $"signature {i} recovers to {signer}, not above the previous signer {previous}: signatures must be ordered by signer address, strictly ascending, so that each enclave counts once");
            var entry = await SignerEntryAsync(requirements.Registry, signer, head.Number, cancellationToken);
            if (entry is null)
                return Refuse(ProofCheck.RegistryUnavailable, "RegistryUnavailable",
                    $"{requirements.Registry} does not answer signerEntry(address) with one word at block {head.Number}: not a registry on chain {ChainId}");
            signers.Add(entry);
            if (!entry.Registered)
                return Refuse(ProofCheck.SignerNotRegistered, "SignerNotRegistered",
                    $"signature {i} recovers to {signer}, which has no active entry in registry {requirements.Registry} on chain {ChainId}. " +
                    $"This is also what a proof signed for another chain id or another contract than chain {ChainId} and {requirements.Consumer} looks like: " +
                    "the EIP-712 domain binds both, so its signature recovers to an unrelated address");
            if (entry.ExpiresAt <= head.Timestamp)
                return Refuse(ProofCheck.SignerExpired, "SignerExpired",
                    $"signer {signer}'s registry entry expired at {entry.ExpiresAt}, not after the chain's time {head.Timestamp} (block {head.Number}): " +
                    "its attestation must be renewed with fresh evidence");
            previous = signer;
        }

        // 5. What the consumer checks after verify returns.
        if (requirements.FeedId is { } feed && !feed.AsSpan().SequenceEqual(p.FeedId))
            return Refuse(ProofCheck.WrongFeed, "WrongFeedId", $"the proof is for feed {Hex.Encode(p.FeedId)}, not {Hex.Encode(feed)}");

        return new ProofVerdict
        {
            Ok = true, Proof = p, Signers = signers, ChainId = ChainId, ChainTime = head.Timestamp, BlockNumber = head.Number, Requirements = requirements,
        };
    }

    /// <summary>AttestedReport.shape: the custom error and the decoder's message, or null for a well-formed proof.</summary>
    private static (string Error, string Reason)? Shape(ReadOnlySpan<byte> p)
    {
        string? error = null;
        if (p.Length < FixedLength) error = "ProofTooShort";
        else if (p[0] != 1) error = "UnsupportedVersion";
        else
        {
            int dataLen = BinaryPrimitives.ReadUInt16BigEndian(p[145..]);
            if (p.Length < FixedLength + dataLen) error = "ProofTooShort";
            else
            {
                int sigCount = p[147 + dataLen];
                if (p.Length != FixedLength + dataLen + 65 * sigCount) error = "ProofLengthMismatch";
                else if (sigCount is 0 or > OracleProofAbi.MaxSignatures) error = "SignatureCountUnsupported";
            }
        }
        if (error is null) return null;
        try
        {
            CompactProof.Decode(p);
            return (error, $"proof carries {p[147 + BinaryPrimitives.ReadUInt16BigEndian(p[145..])]} signatures, more than the {OracleProofAbi.MaxSignatures} a proof may carry");
        }
        catch (FormatException e)
        {
            return (error, e.Message);
        }
    }

    /// <summary>ecrecover as AttestedReport.signerAt calls it: v 27 or 28, low s, a key that recovers. Returns why not, or null.</summary>
    private static string? Recover(byte[] signature, byte[] digest, int index, out EthAddress signer)
    {
        signer = EthAddress.Zero;
        byte v = signature[64];
        if (v is not (27 or 28)) return $"signature {index}: v is {v}, not 27 or 28";
        if (new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true) > HalfOrder)
            return $"signature {index}: s is in the upper half of the curve order (the malleable twin of a valid signature)";
        try
        {
            signer = EthSignature.FromBytes65(signature).Recover(digest);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            return $"signature {index} does not recover to any key: {e.Message}";
        }
        return signer.IsZero ? $"signature {index} does not recover to any key" : null;
    }

    private async Task<SignerEntry?> SignerEntryAsync(EthAddress registry, EthAddress signer, ulong block, CancellationToken ct)
    {
        byte[] word;
        try
        {
            word = await rpc.CallAsync(new CallRequest { To = registry, Data = Abi.EncodeCall(OracleProofAbi.SignerEntry, signer) }, BlockTag.Number(block), ct);
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            return null; // the staticcall fails: RegistryUnavailable
        }
        catch (EvmException e)
        {
            throw new ProofVerificationException(ProofVerificationErrorKind.Rpc, $"{rpc.Endpoint}: {registry}.signerEntry({signer}): {e.Message}", e);
        }
        return word.Length == 32 ? SignerEntry.Unpack(signer, new BigInteger(word, isUnsigned: true, isBigEndian: true)) : null;
    }

    private async Task EnsureChainAsync(CancellationToken ct)
    {
        if (chainChecked) return;
        BigInteger id = await ReadAsync(() => rpc.ChainIdAsync(ct), "eth_chainId");
        if (id != ChainId)
            throw new ProofVerificationException(ProofVerificationErrorKind.WrongChain,
                $"{rpc.Endpoint} serves chain id {id}, but the proof is judged for chain id {ChainId}");
        chainChecked = true;
    }

    private async Task<T> ReadAsync<T>(Func<Task<T>> read, string what)
    {
        try
        {
            return await read();
        }
        catch (EvmException e)
        {
            throw new ProofVerificationException(ProofVerificationErrorKind.Rpc, $"{rpc.Endpoint}: {what}: {e.Message}", e);
        }
    }

    private static string ErrorName(byte[] data)
    {
        string text = System.Text.Encoding.UTF8.GetString(data);
        return text.All(c => c is >= ' ' and < (char)0x7f) ? text : Hex.Encode(data);
    }
}
