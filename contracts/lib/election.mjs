// The deterministic election of DESIGN.md section 6, written from the design text alone (not from
// Election.sol or the C# port), so that tests can check the contract against it:
//   seed      = keccak256(abi.encode(randomness, requestId))
//   attempt a : among validators not yet chosen, x = uint256(keccak256(abi.encode(seed, a))) % remainingPower,
//               the first (registry order) whose cumulative power exceeds x
// and the windows of OracleRequests: attempts 0 .. quorum-1 are open from the request block on,
// attempt quorum-1+j from requestBlock + j * windowBlocks on.
import { AbiCoder, keccak256 } from 'ethers';

const abi = AbiCoder.defaultAbiCoder();

/** keccak256(abi.encode(uint256 randomness, bytes32 requestId)). */
export function electionSeed(randomness, requestId) {
  return keccak256(abi.encode(['uint256', 'bytes32'], [randomness, requestId]));
}

/**
 * The registry indices elected by attempts 0 .. attempts-1, in attempt order.
 * @param powers the validators' powers in registry order (BigInt or number, each > 0)
 */
export function electionOrder(powers, randomness, requestId, attempts = powers.length) {
  const power = powers.map(BigInt);
  if (power.length === 0) throw new Error('no validators');
  if (power.some((p) => p <= 0n)) throw new Error('zero power');
  if (attempts > power.length) throw new Error(`attempt ${attempts - 1} out of range (${power.length} validators)`);
  const seed = electionSeed(randomness, requestId);
  const chosen = new Set();
  const order = [];
  let remaining = power.reduce((a, b) => a + b, 0n);
  for (let a = 0; a < attempts; a++) {
    const x = BigInt(keccak256(abi.encode(['bytes32', 'uint256'], [seed, a]))) % remaining;
    let cumulative = 0n;
    let pick = -1;
    for (let i = 0; i < power.length && pick < 0; i++) {
      if (chosen.has(i)) continue;
      cumulative += power[i];
      if (cumulative > x) pick = i;
    }
    chosen.add(pick);
    order.push(pick);
    remaining -= power[pick];
  }
  return order;
}

/** How many attempts OracleRequests has open for a request at `blockNumber` (at most `validators`). */
export function openAttempts({ quorum, requestBlock, blockNumber, windowBlocks, validators }) {
  const elapsed = BigInt(blockNumber) > BigInt(requestBlock) ? BigInt(blockNumber) - BigInt(requestBlock) : 0n;
  const open = BigInt(quorum) + elapsed / BigInt(windowBlocks);
  return Number(open > BigInt(validators) ? BigInt(validators) : open);
}
