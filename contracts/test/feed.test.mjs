// OracleFeed (separate registry) and OracleHub (registry and feeds in one, with an adapter for
// reads) accept and refuse the same proofs; every case runs against both designs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Interface, TypedDataEncoder, ZeroHash, concat, dataLength, dataSlice, id, recoverAddress, toBeHex, zeroPadValue } from 'ethers';
import { artifacts } from '../lib/devchain.mjs';
import { World, rejectsNoData, rejectsWith } from '../lib/fixture.mjs';
import { REPORT_TYPES, encodeProof, reportDomain, signReport } from '../lib/proof.mjs';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

/** The address ecrecover yields for `sig` over `report` under `domain`. */
const recovered = (domain, report, sig) => recoverAddress(TypedDataEncoder.hash(domain, REPORT_TYPES, report), sig);

for (const design of ['feed', 'hub']) {
  describe(`${design}: submit`, () => {
    it('submit_StoresThreeRounds_WhenProofsAreValid', async () => {
      const f = await world.feed(design, { historyLength: 4 });
      const reports = [f.report(), f.report({ value: -42n, data: '0xdeadbeef' }), f.report()];
      const receipts = [];
      for (const [i, r] of reports.entries()) {
        // Alternate the ABI entry point and the raw-calldata one.
        receipts.push(i % 2 === 0 ? await f.submit(f.proof(r)) : await f.submitRaw(f.proof(r)));
      }
      assert.equal(await f.reader.decimals(), 8n);
      assert.equal(await f.reader.description(), 'ETH / USD');
      assert.equal(await f.reader.version(), 1n);
      assert.equal(await f.reader.latestObservedAt(), reports[2].observedAt);
      const latest = await f.reader.latestRoundData();
      const block = await world.provider.getBlock(receipts[2].blockNumber);
      assert.deepEqual([...latest], [3n, reports[2].value, reports[2].observedAt, BigInt(block.timestamp), 3n]);
      const second = await f.reader.getRoundData(2);
      assert.deepEqual([second[0], second[1], second[2], second[4]], [2n, -42n, reports[1].observedAt, 2n]);
      const log = f.target.interface.parseLog(receipts[1].logs[0]);
      assert.equal(log.name, 'AnswerReported');
      assert.equal(log.args.roundId, 2n);
      assert.equal(log.args.answer, -42n);
      assert.equal(log.args.observedAt, reports[1].observedAt);
      assert.equal(log.args.signer, world.enclave.address);
      if (design === 'hub') assert.equal(log.args.feedId, f.feedId);
      if (design === 'feed') {
        assert.equal(await f.target.feedId(), f.feedId);
        assert.equal(await f.target.registry(), f.registry.target);
      } else {
        assert.equal(await f.reader.feedId(), f.feedId);
        assert.equal(await f.reader.registry(), f.registry.target);
      }
    });

    it('latestRoundData_RevertsNoDataPresent_BeforeFirstAnswer', async () => {
      const f = await world.feed(design);
      await rejectsNoData(f.reader.latestRoundData());
      await rejectsNoData(f.reader.getRoundData(0));
      await rejectsNoData(f.reader.getRoundData(1));
    });

    it('getRoundData_ServesOnlyTheLastHistoryLengthRounds_AfterWrapAround', async () => {
      const f = await world.feed(design, { historyLength: 3 });
      const reports = [];
      for (let i = 0; i < 5; i++) {
        reports.push(f.report());
        await f.submitRaw(f.proof(reports[i]));
      }
      for (const r of [3, 4, 5]) {
        const got = await f.reader.getRoundData(r);
        assert.equal(got[0], BigInt(r));
        assert.equal(got[1], reports[r - 1].value);
      }
      for (const r of [0, 1, 2, 6]) await rejectsNoData(f.reader.getRoundData(r));
    });

    it('getRoundData_ServesOnlyTheLatest_WhenHistoryLengthIsZero', async () => {
      const f = await world.feed(design, { historyLength: 0 });
      for (let i = 0; i < 3; i++) await f.submitRaw(f.proof());
      assert.equal((await f.reader.getRoundData(3))[0], 3n);
      for (const r of [1, 2, 4]) await rejectsNoData(f.reader.getRoundData(r));
    });

    it('submit_RevertsSignerNotRegistered_WhenValueChangedAfterSigning', async () => {
      const f = await world.feed(design);
      const r = f.report();
      const sig = signReport(world.enclave, f.domain, r);
      const tampered = { ...r, value: r.value + 1n };
      await rejectsWith(f.target.submit(encodeProof(tampered, [sig])), f.target.interface, 'SignerNotRegistered',
        [recovered(f.domain, tampered, sig)]);
    });

    it('submit_RevertsSignerNotRegistered_WhenSignerIsUnknown', async () => {
      const f = await world.feed(design);
      await rejectsWith(f.target.submit(f.proof(f.report(), world.other)), f.target.interface, 'SignerNotRegistered', [world.other.address]);
    });

    it('submit_RevertsSignerExpired_WhenAttestationExpired', async () => {
      const f = await world.feed(design);
      await f.submit(f.proof());
      await world.advance(30n * 86400n);
      await rejectsWith(f.target.submit(f.proof()), f.target.interface, 'SignerExpired', [world.enclave.address, f.expiresAt]);
    });

    it('submit_RevertsForTheFeed_WhenSignedForAnotherFeedId', async () => {
      const f = await world.feed(design);
      const other = id('another feed');
      if (design === 'feed') {
        await rejectsWith(f.target.submit(f.proof(f.report({ feedId: other }))), f.target.interface, 'WrongFeed', [f.feedId, other]);
      } else {
        await rejectsWith(f.target.submit(f.proof(f.report({ feedId: other }))), f.target.interface, 'UnknownFeed', [other]);
      }
    });

    it('submit_RevertsSignerNotRegistered_WhenSignedForAnotherChainOrContract', async () => {
      const f = await world.feed(design);
      for (const domain of [reportDomain(1n, f.domain.verifyingContract), reportDomain(f.domain.chainId, f.reader.target === f.target.target ? f.registry.target : f.reader.target)]) {
        const r = f.report();
        const sig = signReport(world.enclave, domain, r);
        await rejectsWith(f.target.submit(encodeProof(r, [sig])), f.target.interface, 'SignerNotRegistered', [recovered(f.domain, r, sig)]);
      }
    });

    it('submit_RevertsStaleReport_WhenObservedAtIsNotLater', async () => {
      const f = await world.feed(design);
      const first = f.report();
      await f.submit(f.proof(first));
      for (const observedAt of [first.observedAt, first.observedAt - 1n]) {
        await rejectsWith(f.target.submit(f.proof(f.report({ observedAt }))), f.target.interface, 'StaleReport', [observedAt, first.observedAt]);
      }
    });

    it('submit_RevertsValueOutOfRange_WhenValueExceedsInt128', async () => {
      const f = await world.feed(design);
      for (const value of [2n ** 127n, -(2n ** 127n) - 1n]) {
        await rejectsWith(f.target.submit(f.proof(f.report({ value }))), f.target.interface, 'ValueOutOfRange', [value]);
      }
      const edge = f.report({ value: -(2n ** 127n) });
      await f.submit(f.proof(edge));
      assert.equal((await f.reader.latestRoundData())[1], -(2n ** 127n));
    });

    it('submit_RevertsObservedAtOutOfRange_WhenObservedAtExceedsUint40', async () => {
      const f = await world.feed(design);
      const observedAt = 2n ** 40n;
      await rejectsWith(f.target.submit(f.proof(f.report({ observedAt }))), f.target.interface, 'ObservedAtOutOfRange', [observedAt]);
    });

    // Table: each row changes one thing of a valid proof and names the error it expects.
    const malformed = [
      { name: 'short', malleate: (p) => dataSlice(p, 0, 100), err: 'ProofTooShort', args: () => [100n] },
      { name: 'data longer than the proof', malleate: (p) => concat([dataSlice(p, 0, 145), '0x00ff', dataSlice(p, 147)]), err: 'ProofTooShort', args: () => [213n] },
      { name: 'long', malleate: (p) => concat([p, '0x00']), err: 'ProofLengthMismatch', args: () => [213n, 214n] },
      { name: 'wrong version', malleate: (p) => concat(['0x02', dataSlice(p, 1)]), err: 'UnsupportedVersion', args: () => [2n] },
      { name: 'sigCount 0', malleate: (p) => concat([dataSlice(p, 0, 147), '0x00']), err: 'SignatureCountUnsupported', args: () => [0n] },
      { name: 'sigCount 2', malleate: (p) => concat([dataSlice(p, 0, 147), '0x02', dataSlice(p, 148), dataSlice(p, 148)]), err: 'SignatureCountUnsupported', args: () => [2n] },
      { name: 'sigCount 2 without the second signature', malleate: (p) => concat([dataSlice(p, 0, 147), '0x02', dataSlice(p, 148)]), err: 'ProofLengthMismatch', args: () => [278n, 213n] },
      { name: 'bad v (0)', malleate: (p) => concat([dataSlice(p, 0, 212), '0x00']), err: 'InvalidSignature', args: () => [] },
      { name: 'bad v (29)', malleate: (p) => concat([dataSlice(p, 0, 212), '0x1d']), err: 'InvalidSignature', args: () => [] },
      {
        name: 'high s (the malleable twin)',
        malleate: (p) => {
          const s = BigInt(dataSlice(p, 180, 212));
          const v = Number(dataSlice(p, 212, 213));
          return concat([dataSlice(p, 0, 180), zeroPadValue(toBeHex(N - s), 32), toBeHex(v === 27 ? 28 : 27, 1)]);
        },
        err: 'InvalidSignature', args: () => [],
      },
      { name: 'r = 0', malleate: (p) => concat([dataSlice(p, 0, 148), ZeroHash, dataSlice(p, 180)]), err: 'InvalidSignature', args: () => [] },
    ];
    for (const row of malformed) {
      it(`submit_Reverts${row.err}_WhenProofIs_${row.name.replaceAll(' ', '_')}`, async () => {
        const f = await world.feed(design);
        const proof = f.proof();
        assert.equal(dataLength(proof), 213);
        const bad = row.malleate(proof);
        await rejectsWith(f.target.submit(bad), f.target.interface, row.err, row.args());
        // The raw-calldata entry point refuses it the same way.
        await rejectsWith(world.owner.call({ to: f.target.target, data: bad }), f.target.interface, row.err, row.args());
      });
    }

    it('submit_RevertsSignerNotRegistered_WhenTheSignerWasReplaced', async () => {
      const f = await world.feed(design);
      await f.submit(f.proof());
      await (await f.registry.setValidator(await world.owner.getAddress(), 10, world.other.address, id('m2'), 0, f.expiresAt)).wait();
      await rejectsWith(f.target.submit(f.proof()), f.target.interface, 'SignerNotRegistered', [world.enclave.address]);
      await f.submit(f.proof(f.report(), world.other));
      assert.equal((await f.reader.latestRoundData())[0], 2n);
    });

    it('submit_RevertsSignerNotRegistered_WhenTheValidatorWasRemoved', async () => {
      const f = await world.feed(design);
      await (await f.registry.removeValidator(await world.owner.getAddress())).wait();
      await rejectsWith(f.target.submit(f.proof()), f.target.interface, 'SignerNotRegistered', [world.enclave.address]);
    });

    it('selectors_NeverStartWith0x01_SoRawProofsCannotHitAFunction', async () => {
      const iface = f_iface(design);
      iface.forEachFunction((fn) => assert.notEqual(fn.selector.slice(0, 4), '0x01', fn.format()));
    });
  });
}

const f_iface = (design) => new Interface(artifacts()[design === 'hub' ? 'OracleHub' : 'OracleFeed'].abi);

describe('domain separator', () => {
  it('submit_FollowsTheChainId_WhenTheChainIdChangesAfterDeployment', async () => {
    const w = await World.start();
    try {
      for (const design of ['feed', 'hub']) {
        const f = await w.feed(design);
        await w.provider.send('anvil_setChainId', [4242]);
        try {
          const r = f.report();
          const sig = signReport(w.enclave, f.domain, r);
          const moved = reportDomain(4242n, f.domain.verifyingContract);
          await rejectsWith(f.target.submit(encodeProof(r, [sig])), f.target.interface, 'SignerNotRegistered', [recovered(moved, r, sig)]);
          assert.equal(await f.target.domainSeparator(), TypedDataEncoder.hashDomain(moved));
          // anvil's unlocked accounts keep signing for the old chain id, so simulate the accepted submit.
          await w.provider.call({ from: await w.owner.getAddress(), to: f.target.target, data: f.proof(f.report(), w.enclave, moved) });
        } finally {
          await w.provider.send('anvil_setChainId', [31337]);
        }
        assert.equal(await f.target.domainSeparator(), TypedDataEncoder.hashDomain(f.domain));
      }
    } finally {
      w.stop();
    }
  });
});
