using System.Globalization;
using System.Numerics;
using Oracle.Evm;

namespace Oracle.Relayer.Requests;

/// <summary>What this relayer's validator is to do for a request at a given block (DESIGN.md section 6).</summary>
/// <param name="Attempt">Its attempt number (position in the election order), or -1 when it is not a validator.</param>
/// <param name="OpenAttempts">Attempts open at the block.</param>
/// <param name="Order">Registry indices in election order (all validators).</param>
/// <param name="Leads">True when it should execute and submit now: its attempt is open and it is the
/// first choice or a backup (attempt >= quorum); attempts 1..quorum-1 are followers, asked to endorse.</param>
/// <param name="OpensAtBlock">The first block at which its attempt is open.</param>
public sealed record RequestPlan(int Attempt, int OpenAttempts, IReadOnlyList<int> Order, bool Leads, ulong OpensAtBlock)
{
    /// <summary>Plans one request as OracleRequests.fulfill will judge it at <paramref name="block"/>.</summary>
    public static RequestPlan For(SeenRequest r, IReadOnlyList<RegistryValidator> validators, EthAddress me, ulong block, ulong windowBlocks)
    {
        if (validators.Count == 0) return new RequestPlan(-1, 0, [], false, ulong.MaxValue);
        var order = Election.Order(validators.Select(v => v.Power).ToList(), BigInteger.Parse(r.Randomness, CultureInfo.InvariantCulture),
            Hex.Decode(r.RequestId), validators.Count);
        int open = Open(r.Quorum, r.BlockNumber, block, windowBlocks, validators.Count);
        int mine = validators.FirstOrDefault(v => v.Validator == me)?.Index ?? -1;
        int attempt = mine < 0 ? -1 : Array.IndexOf(order, mine);
        bool leads = attempt >= 0 && attempt < open && (attempt == 0 || attempt >= r.Quorum);
        ulong opens = attempt < 0 ? ulong.MaxValue
            : attempt < r.Quorum ? r.BlockNumber
            : r.BlockNumber + (ulong)(attempt - r.Quorum + 1) * windowBlocks;
        return new RequestPlan(attempt, open, order, leads, opens);
    }

    /// <summary>OracleRequests._open: quorum + elapsed / window, at most the validator count.</summary>
    public static int Open(int quorum, ulong requestBlock, ulong block, ulong windowBlocks, int validators)
    {
        ulong elapsed = block > requestBlock ? block - requestBlock : 0;
        ulong open = (ulong)quorum + elapsed / Math.Max(1, windowBlocks);
        return (int)Math.Min(open, (ulong)validators);
    }
}
