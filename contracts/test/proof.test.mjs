// OracleProof (pull proofs verified inside the consumer's own transaction), through ExampleConsumer:
// freshness, feed binding, feed-vs-request proofs, error reports, the EIP-712 domain (this chain,
// the consumer's address), the live registry entry, malformed proofs, a registry that is not one.
// View refusals go through peek (eth_call on the latest block, whose timestamp is known exactly);
// settle's through eth_estimateGas (the pending block).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Interface, TypedDataEncoder, Wallet, ZeroHash, getBytes, getCreateAddress, id, keccak256, recoverAddress, toUtf8Bytes } from 'ethers';
import { artifacts, deploy } from '../lib/devchain.mjs';
import { DAY, World, rejectsWith } from '../lib/fixture.mjs';
import { MALFORMED_PROOFS, assertBaseProof } from '../lib/malformed.mjs';
import { REPORT_TYPES, byAddress, encodeProof, makeProof, makeQuorumProof, reportDomain, signReport } from '../lib/proof.mjs';

const wallet = (label) => new Wallet(keccak256(toUtf8Bytes(label)));
const ENCLAVES = ['A', 'B'].map((l) => wallet(`proof enclave ${l} (test only)`));
const STRANGER = wallet('proof stranger enclave (test only)');
const FEED = id('proof test feed: BTC/USD');
const MAX_AGE = 120n;
const ERROR_SOURCES_HASH = id('AttestedOracle/error/v1');
const iface = new Interface(artifacts().ExampleConsumer.abi);

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

/** A registry with two validators (enclaves A and B) and ExampleConsumer(registry, FEED, MAX_AGE). */
async function setup({ registryName = 'OracleRegistry', expiresIn = 30n * DAY } = {}) {
  const s = {};
  s.registry = await deploy(registryName, world.owner);
  s.expiresAt = (await world.now()) + expiresIn;
  for (const [i, e] of ENCLAVES.entries()) {
    await (await s.registry.setValidator(wallet(`proof validator ${i}`).address, 10 + i, e.address, id('mrenclave'), 0, s.expiresAt)).wait();
  }
  s.consumer = await deploy('ExampleConsumer', world.owner, await s.registry.getAddress(), FEED, MAX_AGE);
  s.domain = reportDomain((await world.provider.getNetwork()).chainId, await s.consumer.getAddress());
  return s;
}

async function report(o = {}) {
  return {
    feedId: FEED, requestId: ZeroHash, round: 7n, value: 67_123_45000000n, data: '0x',
    observedAt: await world.now(), sourcesHash: id('proof sources'), ...o,
  };
}

const latestTimestamp = async () => BigInt((await world.provider.getBlock('latest')).timestamp);
const recovered = (domain, r, sig) => recoverAddress(TypedDataEncoder.hash(domain, REPORT_TYPES, r), sig);

let shared;
const sharedSetup = async () => (shared ??= await setup());

describe('OracleProof via ExampleConsumer: accepted proofs', () => {
  it('settle_StoresThePriceAndEmitsSettled_WhenTheProofIsFresh', async () => {
    const s = await setup();
    const r = await report();
    const proof = makeProof(ENCLAVES[0], s.domain, r);
    assert.equal(await s.consumer.settle.staticCall(proof), r.value);
    const receipt = await (await s.consumer.settle(proof)).wait();
    assert.equal(await s.consumer.lastPrice(), r.value);
    assert.equal(await s.consumer.lastObservedAt(), r.observedAt);
    const logs = receipt.logs.map((l) => s.consumer.interface.parseLog(l));
    assert.deepEqual(logs.map((l) => [l.name, l.args.by, l.args.price, l.args.observedAt]),
      [['Settled', await world.owner.getAddress(), r.value, r.observedAt]]);
    assert.equal(await s.consumer.peek(proof), r.value);
    // The same proof can be used again while fresh (a pull proof is not consumed).
    await (await s.consumer.settle(proof)).wait();
    assert.equal(await s.consumer.registry(), s.registry.target);
    assert.equal(await s.consumer.feedId(), FEED);
    assert.equal(await s.consumer.maxAge(), MAX_AGE);
  });

  it('peek_ReturnsNegativeValuesAndIgnoresData_WhenSigned', async () => {
    const s = await sharedSetup();
    const r = await report({ value: -5n, data: '0xc0ffee' });
    assert.equal(await s.consumer.peek(makeProof(ENCLAVES[1], s.domain, r)), -5n);
  });

  it('peek_AcceptsTwoDistinctRegisteredSigners_InAscendingOrder', async () => {
    const s = await sharedSetup();
    const r = await report();
    assert.equal(await s.consumer.peek(makeQuorumProof(ENCLAVES, s.domain, r)), r.value);
  });

  it('peek_AcceptsTheLastFreshSecond_AndRevertsProofStale_OneSecondLater', async () => {
    const s = await sharedSetup();
    const ts = await latestTimestamp();
    const edge = await report({ observedAt: ts - MAX_AGE });
    assert.equal(await s.consumer.peek(makeProof(ENCLAVES[0], s.domain, edge)), edge.value);
    const stale = await report({ observedAt: ts - MAX_AGE - 1n });
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, stale)), iface, 'ProofStale', [stale.observedAt, MAX_AGE, ts]);
  });

  it('settle_Works_WhenTheRegistryIsAnOracleHub', async () => {
    const s = await setup({ registryName: 'OracleHub' });
    const r = await report();
    await (await s.consumer.settle(makeProof(ENCLAVES[1], s.domain, r))).wait();
    assert.equal(await s.consumer.lastPrice(), r.value);
  });
});

describe('OracleProof via ExampleConsumer: refused proofs', () => {
  it('settle_RevertsProofStale_AndStoresNothing_WhenTheProofIsOld', async () => {
    const s = await setup();
    const r = await report({ observedAt: (await world.now()) - 3600n });
    const err = await rejectsWith(s.consumer.settle(makeProof(ENCLAVES[0], s.domain, r)), iface, 'ProofStale');
    assert.deepEqual([err.args[0], err.args[1]], [r.observedAt, MAX_AGE]);
    assert.ok(err.args[2] >= await latestTimestamp());
    assert.equal(await s.consumer.lastObservedAt(), 0n);
  });

  it('peek_RevertsWrongFeedId_WhenSignedForAnotherFeed', async () => {
    const s = await sharedSetup();
    const other = id('proof test feed: ETH/USD');
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, await report({ feedId: other }))), iface, 'WrongFeedId', [FEED, other]);
  });

  it('peek_RevertsNotAFeedProof_WhenTheProofAnswersARequest', async () => {
    const s = await sharedSetup();
    const requestId = id('a request');
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, await report({ requestId }))), iface, 'NotAFeedProof', [requestId]);
  });

  it('peek_RevertsErrorReport_WhenTheProofIsASignedError', async () => {
    const s = await sharedSetup();
    const r = await report({ value: 0n, data: '0x6a6f625f75726c', sourcesHash: ERROR_SOURCES_HASH });
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, r)), iface, 'ErrorReport', [FEED]);
  });

  it('peek_RevertsSignerNotRegistered_WhenSignedForAnotherChainOrContract', async () => {
    const s = await sharedSetup();
    const r = await report();
    const twin = await deploy('ExampleConsumer', world.owner, await s.registry.getAddress(), FEED, MAX_AGE);
    for (const domain of [reportDomain(1n, s.consumer.target), reportDomain(s.domain.chainId, twin.target), reportDomain(s.domain.chainId, s.registry.target)]) {
      const sig = signReport(ENCLAVES[0], domain, r);
      const got = recovered(s.domain, r, sig);
      assert.notEqual(got, ENCLAVES[0].address);
      await rejectsWith(s.consumer.peek(encodeProof(r, [sig])), iface, 'SignerNotRegistered', [got]);
    }
    // ...and the twin accepts the proof signed for it.
    assert.equal(await twin.peek(makeProof(ENCLAVES[0], reportDomain(s.domain.chainId, twin.target), r)), r.value);
  });

  it('peek_RevertsSignerNotRegistered_WhenAFieldChangedAfterSigning', async () => {
    const s = await sharedSetup();
    const r = await report();
    const sig = signReport(ENCLAVES[0], s.domain, r);
    for (const tampered of [{ ...r, value: r.value + 1n }, { ...r, round: 8n }, { ...r, data: '0x01' }, { ...r, sourcesHash: id('other sources') }]) {
      await rejectsWith(s.consumer.peek(encodeProof(tampered, [sig])), iface, 'SignerNotRegistered', [recovered(s.domain, tampered, sig)]);
    }
  });

  it('peek_RevertsSignerNotRegistered_WhenTheSignerIsUnknown', async () => {
    const s = await sharedSetup();
    const r = await report();
    await rejectsWith(s.consumer.peek(makeProof(STRANGER, s.domain, r)), iface, 'SignerNotRegistered', [STRANGER.address]);
    // One unknown signer among registered ones is enough to refuse.
    await rejectsWith(s.consumer.peek(makeQuorumProof([ENCLAVES[0], STRANGER], s.domain, r)), iface, 'SignerNotRegistered', [STRANGER.address]);
  });

  it('peek_RevertsSignersNotSorted_WhenASignatureRepeatsOrIsOutOfOrder', async () => {
    const s = await sharedSetup();
    const r = await report();
    const [low, high] = byAddress(ENCLAVES);
    const sig = (w) => signReport(w, s.domain, r);
    await rejectsWith(s.consumer.peek(encodeProof(r, [sig(low), sig(low)])), iface, 'SignersNotSorted', [low.address, low.address]);
    await rejectsWith(s.consumer.peek(encodeProof(r, [sig(high), sig(low)])), iface, 'SignersNotSorted', [low.address, high.address]);
  });

  it('peek_RevertsSignerNotRegistered_WhenTheValidatorWasRemoved', async () => {
    const s = await setup();
    const r = await report();
    await (await s.registry.removeValidator(wallet('proof validator 0').address)).wait();
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, r)), iface, 'SignerNotRegistered', [ENCLAVES[0].address]);
    assert.equal(await s.consumer.peek(makeProof(ENCLAVES[1], s.domain, r)), r.value);
  });

  it('peek_RevertsSignerExpired_WhenTheAttestationExpired', async () => {
    const s = await setup({ expiresIn: 300n });
    assert.equal(await s.consumer.peek(makeProof(ENCLAVES[0], s.domain, await report())), (await report()).value);
    await world.advance(301);
    const r = await report();
    await rejectsWith(s.consumer.peek(makeProof(ENCLAVES[0], s.domain, r)), iface, 'SignerExpired', [ENCLAVES[0].address, s.expiresAt]);
    await rejectsWith(s.consumer.settle(makeProof(ENCLAVES[1], s.domain, r)), iface, 'SignerExpired', [ENCLAVES[1].address, s.expiresAt]);
  });

  describe('a registry that is not one', () => {
    it('peek_RevertsRegistryUnavailable_WhenTheRegistryIsAnAccountWithoutCode', async () => {
      const eoa = await world.stranger.getAddress();
      const consumer = await deploy('ExampleConsumer', world.owner, eoa, FEED, MAX_AGE);
      const domain = reportDomain((await world.provider.getNetwork()).chainId, consumer.target);
      await rejectsWith(consumer.peek(makeProof(ENCLAVES[0], domain, await report())), iface, 'RegistryUnavailable', [eoa]);
    });

    it('peek_RevertsRegistryUnavailable_WhenTheRegistryIsTheConsumerItself', async () => {
      const owner = await world.owner.getAddress();
      const self = getCreateAddress({ from: owner, nonce: await world.provider.getTransactionCount(owner) });
      const consumer = await deploy('ExampleConsumer', world.owner, self, FEED, MAX_AGE);
      assert.equal(consumer.target, self);
      const domain = reportDomain((await world.provider.getNetwork()).chainId, self);
      await rejectsWith(consumer.peek(makeProof(ENCLAVES[0], domain, await report())), iface, 'RegistryUnavailable', [self]);
    });

    it('peek_RevertsRegistryUnavailable_WhenTheRegistryIsAnotherContract', async () => {
      // OracleRequests has no signerEntry(address): the call reverts.
      const s = await sharedSetup();
      const requests = await deploy('OracleRequests', world.owner, s.registry.target, 3);
      const consumer = await deploy('ExampleConsumer', world.owner, requests.target, FEED, MAX_AGE);
      const domain = reportDomain((await world.provider.getNetwork()).chainId, consumer.target);
      await rejectsWith(consumer.peek(makeProof(ENCLAVES[0], domain, await report())), iface, 'RegistryUnavailable', [requests.target]);
    });
  });

  describe('malformed proofs', () => {
    for (const row of MALFORMED_PROOFS) {
      it(`peek_Reverts${row.err}_WhenProofIs_${row.name.replaceAll(' ', '_')}`, async () => {
        const s = await sharedSetup();
        const proof = makeProof(ENCLAVES[0], s.domain, await report());
        assertBaseProof(proof);
        assert.equal(await s.consumer.peek(proof), (await report()).value);
        const bad = row.malleate(proof);
        await rejectsWith(s.consumer.peek(bad), iface, row.err, row.args);
        await rejectsWith(s.consumer.settle(bad), iface, row.err, row.args);
      });
    }
  });
});

describe('ExampleConsumer: nop', () => {
  it('nop_DoesNothing_AndCostsNoVerification', async () => {
    const s = await sharedSetup();
    const tx = await s.consumer.nop(FEED);
    const receipt = await tx.wait();
    assert.equal(receipt.status, 1);
    assert.deepEqual(receipt.logs, []);
    // Execution past the intrinsic cost stays far below one ecrecover (3,000): nothing is verified.
    const bytes = getBytes(tx.data);
    const intrinsic = 21_000n + bytes.reduce((sum, b) => sum + (b === 0 ? 4n : 16n), 0n);
    assert.ok(receipt.gasUsed - intrinsic < 1_000n, `nop executed ${receipt.gasUsed - intrinsic} gas`);
  });
});
