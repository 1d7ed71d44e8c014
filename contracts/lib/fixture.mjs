// Test world for the contracts: one anvil per test file, a feed in either design, an enclave
// stand-in (an ethers Wallet signing in the enclave's exact format) and revert assertions.
import assert from 'node:assert/strict';
import { Contract, Wallet, ZeroHash, id, keccak256, toUtf8Bytes } from 'ethers';
import { artifacts, deploy, startAnvil } from './devchain.mjs';
import { makeProof, reportDomain } from './proof.mjs';

export const FEED = id('test feed: ETH/USD');
export const DAY = 86400n;

export class World {
  static async start() {
    const w = new World();
    w.chain = await startAnvil();
    w.provider = w.chain.provider;
    w.owner = await w.provider.getSigner(0);
    w.stranger = await w.provider.getSigner(1);
    w.enclave = new Wallet(keccak256(toUtf8Bytes('contracts test enclave key (test only)')));
    w.other = new Wallet(keccak256(toUtf8Bytes('contracts test other key (test only)')));
    return w;
  }

  stop() { this.chain.stop(); }

  async now() { return BigInt((await this.provider.getBlock('latest')).timestamp); }

  async advance(seconds) {
    await this.provider.send('evm_increaseTime', [Number(seconds)]);
    await this.provider.send('evm_mine', []);
  }

  /**
   * A feed with one registered enclave signer. design 'feed' = OracleRegistry + OracleFeed;
   * 'hub' = OracleHub + its OracleHubFeed adapter. Returns {registry, target (takes proofs),
   * reader (AggregatorV3Interface), domain, report(overrides), proof(overrides), submit(proof)}.
   */
  async feed(design, { historyLength = 0, decimals = 8, description = 'ETH / USD', feedId = FEED } = {}) {
    const f = { design, feedId, world: this };
    if (design === 'hub') {
      f.registry = await deploy('OracleHub', this.owner);
      await (await f.registry.createFeed(feedId, decimals, description, historyLength)).wait();
      f.target = f.registry;
      f.reader = new Contract(await f.registry.feedAdapter(feedId), artifacts().OracleHubFeed.abi, this.owner);
    } else {
      f.registry = await deploy('OracleRegistry', this.owner);
      f.target = await deploy('OracleFeed', this.owner, await f.registry.getAddress(), feedId, decimals, description, historyLength);
      f.reader = f.target;
    }
    const chainId = (await this.provider.getNetwork()).chainId;
    f.domain = reportDomain(chainId, await f.target.getAddress());
    f.expiresAt = (await this.now()) + 30n * DAY;
    await (await f.registry.setValidator(await this.owner.getAddress(), 10, this.enclave.address, id('mrenclave'), 0, f.expiresAt)).wait();
    let t = (await this.now()) - 3600n;
    let round = 0n;
    f.report = (o = {}) => {
      round += 1n;
      t += 10n;
      return { feedId, requestId: ZeroHash, round, value: 3000_00000000n + round, data: '0x', observedAt: t, sourcesHash: id('sources'), ...o };
    };
    f.proof = (report = f.report(), wallet = this.enclave, domain = f.domain) => makeProof(wallet, domain, report);
    f.submit = async (proof) => (await f.target.submit(proof)).wait();
    f.submitRaw = async (proof) => (await this.owner.sendTransaction({ to: f.target.target, data: proof })).wait();
    return f;
  }
}

/** Asserts that `promise` reverts with custom error `name` (decoded with `iface`) and, if given, `args`. */
export async function rejectsWith(promise, iface, name, args) {
  let data;
  try {
    await promise;
  } catch (e) {
    data = e.data ?? e.info?.error?.data ?? e.error?.data;
    if (data === undefined) throw e;
  }
  assert.ok(data !== undefined, `expected revert ${name}, but it succeeded`);
  const err = iface.parseError(data);
  assert.ok(err, `revert data ${data} is not an error of this contract (expected ${name})`);
  assert.equal(err.name, name);
  if (args) assert.deepEqual([...err.args], args);
  return err;
}

/** Asserts a plain revert("No data present"), as Chainlink's aggregators give. */
export async function rejectsNoData(promise) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.reason, 'No data present');
    return true;
  });
}
