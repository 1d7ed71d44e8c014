// OracleQuorumFeed: a push feed whose answers need exactly `quorum` signatures from distinct registered
// enclaves over the same report (DESIGN.md section 6, quorum mode).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Wallet, ZeroHash, id, keccak256, toUtf8Bytes } from 'ethers';
import { deploy } from '../lib/devchain.mjs';
import { DAY, FEED, World, rejectsWith } from '../lib/fixture.mjs';
import { byAddress, encodeProof, makeProof, makeQuorumProof, reportDomain, signReport } from '../lib/proof.mjs';

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

const wallet = (label) => new Wallet(keccak256(toUtf8Bytes(label)));
const ENCLAVES = ['quorum enclave A', 'quorum enclave B', 'quorum enclave C'].map(wallet);

async function quorumFeed(quorum = 2) {
  const registry = await deploy('OracleRegistry', world.owner);
  const feed = await deploy('OracleQuorumFeed', world.owner, await registry.getAddress(), FEED, 8, 'ETH / USD (quorum)', 0, quorum);
  const expiresAt = (await world.now()) + 30n * DAY;
  for (const [i, e] of ENCLAVES.entries()) {
    await (await registry.setValidator(wallet(`validator ${i}`).address, 1, e.address, id('mrenclave'), 0, expiresAt)).wait();
  }
  const domain = reportDomain((await world.provider.getNetwork()).chainId, await feed.getAddress());
  let t = (await world.now()) - 3600n;
  const report = (o = {}) => {
    t += 10n;
    return { feedId: FEED, requestId: ZeroHash, round: 1n, value: 3000_00000000n, data: '0x', observedAt: t, sourcesHash: id('sources'), ...o };
  };
  return { registry, feed, domain, report };
}

describe('OracleQuorumFeed', () => {
  it('submit_StoresTheAnswer_WithExactlyTheQuorumOfDistinctRegisteredSigners', async () => {
    const { feed, domain, report } = await quorumFeed(2);
    const r = report();
    const receipt = await (await feed.submit(makeQuorumProof(ENCLAVES.slice(0, 2), domain, r))).wait();
    const latest = await feed.latestRoundData();
    assert.equal(latest[0], 1n);
    assert.equal(latest[1], r.value);
    const ev = feed.interface.parseLog(receipt.logs[0]);
    assert.equal(ev.args.signer, byAddress(ENCLAVES.slice(0, 2))[0].address);
    assert.equal(await feed.quorum(), 2n);
    assert.equal(await feed['latestObservedAt(bytes32)'](FEED), r.observedAt);
    assert.equal((await feed.latestRoundDataOf(FEED))[1], r.value);
    await rejectsWith(feed['latestObservedAt(bytes32)'](id('x')), feed.interface, 'UnknownFeed', [id('x')]);
    // The raw proof as calldata works too.
    const r2 = report({ value: 3001_00000000n });
    await (await world.owner.sendTransaction({ to: feed.target, data: makeQuorumProof(ENCLAVES.slice(1, 3), domain, r2) })).wait();
    assert.equal((await feed.latestRoundData())[1], r2.value);
  });

  it('submit_Reverts_WhenTheSignatureCountIsNotTheQuorum', async () => {
    const { feed, domain, report } = await quorumFeed(2);
    await rejectsWith(feed.submit(makeProof(ENCLAVES[0], domain, report())), feed.interface, 'FeedSignersMismatch', [1n, 2n]);
    await rejectsWith(feed.submit(makeQuorumProof(ENCLAVES, domain, report())), feed.interface, 'FeedSignersMismatch', [3n, 2n]);
  });

  it('submit_Reverts_WhenOneEnclaveSignsTwice_OrTheOrderIsWrong', async () => {
    const { feed, domain, report } = await quorumFeed(2);
    const r = report();
    const sig = signReport(ENCLAVES[0], domain, r);
    await rejectsWith(feed.submit(encodeProof(r, [sig, sig])), feed.interface, 'SignersNotSorted', [ENCLAVES[0].address, ENCLAVES[0].address]);
    const [low, high] = byAddress(ENCLAVES.slice(0, 2));
    const descending = encodeProof(r, [signReport(high, domain, r), signReport(low, domain, r)]);
    await rejectsWith(feed.submit(descending), feed.interface, 'SignersNotSorted', [low.address, high.address]);
  });

  it('submit_Reverts_WhenASignerIsNotRegistered_OrTheFeedIsAnother', async () => {
    const { feed, domain, report } = await quorumFeed(2);
    const stranger = wallet('not registered');
    const proof = makeQuorumProof([ENCLAVES[0], stranger], domain, report());
    await rejectsWith(feed.submit(proof), feed.interface, 'SignerNotRegistered', [stranger.address]);
    const other = report({ feedId: id('another feed') });
    await rejectsWith(feed.submit(makeQuorumProof(ENCLAVES.slice(0, 2), domain, other)), feed.interface, 'WrongFeed', [FEED, other.feedId]);
  });

  it('constructor_RefusesAQuorumBelowTwoOrAboveSixteen', async () => {
    const registry = await deploy('OracleRegistry', world.owner);
    for (const q of [0n, 1n, 17n]) {
      await assert.rejects(deploy('OracleQuorumFeed', world.owner, await registry.getAddress(), FEED, 8, 'x', 0, q), /BadQuorum|reverted|revert/);
    }
  });
});
