// OracleRequests (DESIGN.md sections 4 and 6): request, the election windows, quorum, the round
// and the leader, error reports and the bounded callback, against an independent JS election
// (lib/election.mjs). Every proof meant to be accepted carries round = the attempt of the signer
// meant as leader (lib/proof.mjs makeRequestProof).
// Refusals are asserted through eth_estimateGas, which anvil runs on the pending block: the block
// the fulfill would be mined in, so `open` in NotElected is the one the real transaction would see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AbiCoder, Interface, TypedDataEncoder, Wallet, ZeroAddress, ZeroHash, concat, dataSlice, hexlify, id, keccak256,
  recoverAddress, toQuantity, toUtf8Bytes,
} from 'ethers';
import { artifacts, deploy } from '../lib/devchain.mjs';
import { electionOrder, openAttempts } from '../lib/election.mjs';
import { DAY, World, rejectsWith } from '../lib/fixture.mjs';
import { MALFORMED_PROOFS, assertBaseProof } from '../lib/malformed.mjs';
import {
  REPORT_TYPES, byAddress, encodeProof, makeProof, makeQuorumProof, makeRequestProof, reportDomain, signReport,
} from '../lib/proof.mjs';

const wallet = (label) => new Wallet(keccak256(toUtf8Bytes(label)));
const VALIDATORS = ['A', 'B', 'C'].map((l) => wallet(`requests validator ${l}`).address);
const ENCLAVES = ['A', 'B', 'C'].map((l) => wallet(`requests enclave ${l} (test only)`));
const STRANGER = wallet('requests stranger enclave (test only)');
const POWERS = [10n, 30n, 60n];
const WINDOW = 3;
const CALLBACK_GAS = 300_000;
// A job spec in canonical JSON (RFC 8785: sorted keys, no spaces): its keccak256 is the feedId the enclave signs.
const SPEC = toUtf8Bytes('{"aggregation":{"maxDeviationBps":100,"minSources":1},"decimals":8,"sources":[{"pointer":"/price","url":"https://api.example.com/eth-usd"}]}');
const SPEC_HASH = keccak256(SPEC);
const ERROR_SOURCES_HASH = id('AttestedOracle/error/v1');
const abi = AbiCoder.defaultAbiCoder();
const iface = new Interface(artifacts().OracleRequests.abi);
const Status = { None: 0n, Pending: 1n, Fulfilled: 2n, Failed: 3n };

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

/** Registry (OracleRegistry or OracleHub) with 3 validators, OracleRequests(registry, windowBlocks), an ExampleRequester. */
async function setup({ registryName = 'OracleRegistry', windowBlocks = WINDOW, expiresIn = 30n * DAY } = {}) {
  const s = {};
  s.registry = await deploy(registryName, world.owner);
  s.expiresAt = (await world.now()) + expiresIn;
  for (let i = 0; i < 3; i++) {
    await (await s.registry.setValidator(VALIDATORS[i], POWERS[i], ENCLAVES[i].address, id('mrenclave'), 0, s.expiresAt)).wait();
  }
  s.oracle = await deploy('OracleRequests', world.owner, await s.registry.getAddress(), windowBlocks);
  s.requester = await deploy('ExampleRequester', world.owner, await s.oracle.getAddress());
  s.domain = reportDomain((await world.provider.getNetwork()).chainId, await s.oracle.getAddress());
  return s;
}

/** The OracleRequested event of `receipt`, with the JS election's order of enclaves for attempts 0, 1, 2. */
function requested(s, receipt) {
  const logs = receipt.logs.filter((l) => l.address === s.oracle.target).map((l) => s.oracle.interface.parseLog(l));
  assert.equal(logs.length, 1);
  const ev = logs[0].args;
  const order = electionOrder(POWERS, ev.randomness, ev.requestId);
  return {
    id: ev.requestId, ev, receipt, block: BigInt(receipt.blockNumber), specHash: ev.specHash, order,
    elected: order.map((i) => ENCLAVES[i]),
  };
}

/** ExampleRequester.ask(SPEC, gas, quorum): the request and who is elected. */
async function ask(s, { quorum = 1, callbackGas = CALLBACK_GAS, spec = SPEC } = {}) {
  return requested(s, await (await s.requester.ask(spec, callbackGas, quorum)).wait());
}

/** A report answering `req` (round 0: attempt 0 leads, unless `o.round` says otherwise). */
async function report(req, o = {}) {
  return {
    feedId: req.specHash, requestId: req.id, round: 0n, value: 3012_34567890n, data: '0x',
    observedAt: await world.now(), sourcesHash: id('request sources'), ...o,
  };
}

/** A proof for `req` signed by the enclaves of `attempts`, with round = `leader` (default: the first of `attempts`). */
async function proofOf(s, req, attempts, o = {}, leader = attempts[0]) {
  return makeRequestProof(req.elected, attempts, s.domain, await report(req, o), leader);
}

async function fulfill(s, req, proof) {
  return (await s.oracle.fulfill(req.id, proof)).wait();
}

function logsOf(s, receipt, name) {
  return receipt.logs.filter((l) => l.address === s.oracle.target).map((l) => s.oracle.interface.parseLog(l)).filter((l) => l.name === name);
}

async function mine(n) {
  for (let i = 0; i < n; i++) await world.provider.send('evm_mine', []);
}

/** The address ecrecover yields for `sig` over `r` under `domain`. */
const recovered = (domain, r, sig) => recoverAddress(TypedDataEncoder.hash(domain, REPORT_TYPES, r), sig);

describe('JS election', () => {
  it('electionOrder_AgreesWithElectionHarness_OnRandomInputs', async () => {
    const harness = await deploy('ElectionHarness', world.owner);
    const powers = [7n, 1n, 30n, 12n, 50n];
    for (let k = 0; k < 8; k++) {
      const randomness = BigInt(id(`randomness ${k}`));
      const requestId = id(`request ${k}`);
      const order = electionOrder(powers, randomness, requestId);
      assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4], 'every validator once');
      for (let a = 0; a < powers.length; a++) {
        assert.equal(await harness.elect(powers, randomness, requestId, a), BigInt(order[a]), `input ${k} attempt ${a}`);
      }
    }
  });

  it('electionOrder_MatchesAHandComputedCase', () => {
    // seed = keccak256(abi.encode(1, bytes32(2))); attempt 0: x = keccak256(abi.encode(seed, 0)) % 100.
    const seed = keccak256(abi.encode(['uint256', 'bytes32'], [1n, ZeroHash.slice(0, -1) + '2']));
    const x0 = BigInt(keccak256(abi.encode(['bytes32', 'uint256'], [seed, 0n]))) % 100n;
    const first = x0 < 10n ? 0 : x0 < 40n ? 1 : 2;
    assert.equal(electionOrder(POWERS, 1n, ZeroHash.slice(0, -1) + '2', 1)[0], first);
  });
});

describe('OracleRequests: request', () => {
  it('request_EmitsOracleRequestedAndStoresTheRequest_WhenSpecIsInline', async () => {
    const s = await setup();
    const receipt = await (await s.requester.ask(SPEC, CALLBACK_GAS, 1)).wait();
    const req = requested(s, receipt);
    const block = await world.provider.getBlock(receipt.blockNumber);
    const chainId = (await world.provider.getNetwork()).chainId;
    // requestId = keccak256(abi.encode(chainid, this, count, msg.sender, prevrandao))
    const expectedId = keccak256(abi.encode(['uint256', 'address', 'uint256', 'address', 'uint256'],
      [chainId, s.oracle.target, 1n, s.requester.target, BigInt(block.prevRandao)]));
    assert.equal(req.id, expectedId);
    assert.equal(req.ev.requester, s.requester.target);
    assert.equal(req.ev.specHash, SPEC_HASH);
    assert.equal(req.ev.callback, s.requester.target);
    assert.equal(req.ev.callbackGas, BigInt(CALLBACK_GAS));
    assert.equal(req.ev.quorum, 1n);
    assert.equal(req.ev.randomness, BigInt(block.prevRandao));
    assert.equal(req.ev.spec, hexlify(SPEC));
    const r = await s.oracle.requests(req.id);
    assert.deepEqual(
      [r.callback, r.callbackGas, r.quorum, r.status, r.blockNumber, r.specHash, r.randomness],
      [s.requester.target, BigInt(CALLBACK_GAS), 1n, Status.Pending, BigInt(receipt.blockNumber), SPEC_HASH, BigInt(block.prevRandao)],
    );
    assert.equal(await s.oracle.requestCount(), 1n);
    assert.equal(await s.oracle.windowBlocks(), BigInt(WINDOW));
    assert.equal(await s.oracle.domainSeparator(), TypedDataEncoder.hashDomain(s.domain));
    // A second request gets another id; an unknown id reads as status None.
    const second = await ask(s);
    assert.notEqual(second.id, req.id);
    assert.equal(await s.oracle.requestCount(), 2n);
    assert.equal((await s.oracle.requests(id('unknown'))).status, Status.None);
  });

  it('request_RecordsTheHashAndAnEmptySpec_WhenRequestedByHash', async () => {
    const s = await setup();
    const hash = id('a job the relayers know');
    const req = requested(s, await (await s.requester.askByHash(hash, 0, 2)).wait());
    assert.equal(req.ev.specHash, hash);
    assert.equal(req.ev.spec, '0x');
    assert.equal(req.ev.quorum, 2n);
    assert.equal(req.ev.callbackGas, 0n);
    assert.equal((await s.oracle.requests(req.id)).specHash, hash);
    // An EOA requesting without a callback; spec and its matching hash together are accepted.
    const direct = requested(s, await (await s.oracle.request(SPEC_HASH, SPEC, ZeroAddress, 0, 3)).wait());
    assert.equal(direct.ev.requester, await world.owner.getAddress());
    assert.equal(direct.ev.callback, ZeroAddress);
    assert.equal(direct.ev.specHash, SPEC_HASH);
  });

  it('request_RevertsWithTheNamedError_WhenAnArgumentIsBad', async () => {
    const s = await setup();
    const o = s.oracle;
    const wrong = id('not the spec hash');
    await rejectsWith(o.request(wrong, SPEC, ZeroAddress, 0, 1), iface, 'SpecHashMismatch', [wrong, SPEC_HASH]);
    await rejectsWith(o.request(ZeroHash, '0x', ZeroAddress, 0, 1), iface, 'NoSpec', []);
    await rejectsWith(s.requester.askByHash(ZeroHash, 0, 1), iface, 'NoSpec', []);
    const long = new Uint8Array(16385).fill(0x20);
    await rejectsWith(o.request(ZeroHash, long, ZeroAddress, 0, 1), iface, 'SpecTooLong', [16385n, 16384n]);
    await (await o.request(ZeroHash, long.slice(1), ZeroAddress, 0, 1)).wait(); // 16384 bytes: the maximum
    await rejectsWith(o.request(ZeroHash, SPEC, ZeroAddress, 0, 0), iface, 'BadQuorum', [0n, 3n]);
    await rejectsWith(o.request(ZeroHash, SPEC, ZeroAddress, 0, 4), iface, 'BadQuorum', [4n, 3n]);
    await rejectsWith(o.request(ZeroHash, SPEC, ZeroAddress, 2_000_001, 1), iface, 'CallbackGasTooHigh', [2_000_001n, 2_000_000n]);
    await (await o.request(ZeroHash, SPEC, ZeroAddress, 2_000_000, 3)).wait();
    assert.equal(await o.requestCount(), 2n);
  });

  for (const registryName of ['OracleRegistry', 'OracleHub']) {
    it(`request_ReadsOnlyValidatorCountFromThe${registryName}`, async () => {
      const s = await setup({ registryName });
      const receipt = await (await s.oracle.request(ZeroHash, SPEC, ZeroAddress, 0, 3)).wait();
      const trace = await world.provider.send('debug_traceTransaction', [receipt.hash, { tracer: 'callTracer' }]);
      const calls = (trace.calls ?? []).map((c) => [c.to.toLowerCase(), c.input.slice(0, 10)]);
      const selector = s.registry.interface.getFunction('validatorCount').selector;
      assert.deepEqual(calls, [[s.registry.target.toLowerCase(), selector]]);
      // The quorum bound is that count: 3 validators.
      await rejectsWith(s.oracle.request(ZeroHash, SPEC, ZeroAddress, 0, 4), iface, 'BadQuorum', [4n, 3n]);
    });
  }
});

describe('OracleRequests: fulfill', () => {
  it('fulfill_MarksFulfilledAndCallsBack_WhenTheAttempt0EnclaveSigns', async () => {
    const s = await setup();
    const req = await ask(s);
    const r = await report(req, { data: '0x0102', round: 0n });
    const receipt = await fulfill(s, req, makeProof(req.elected[0], s.domain, r));
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
    const [ev] = logsOf(s, receipt, 'RequestFulfilled');
    assert.deepEqual([ev.args.requestId, ev.args.ok, ev.args.value, ev.args.data, ev.args.observedAt, ev.args.leader],
      [req.id, true, r.value, '0x0102', r.observedAt, req.elected[0].address]);
    assert.equal(logsOf(s, receipt, 'CallbackFailed').length, 0);
    const answer = await s.requester.answerOf(req.id);
    assert.deepEqual([answer.answered, answer.ok, answer.value, answer.data], [true, true, r.value, '0x0102']);
    assert.equal(await s.requester.answers(), 1n);
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[0], s.domain, r)), iface, 'RequestNotPending', [req.id, Status.Fulfilled]);
  });

  it('fulfill_RevertsRequestNotPending_WhenTheRequestIsUnknown', async () => {
    const s = await setup();
    const req = await ask(s);
    const unknown = id('never requested');
    const proof = makeProof(req.elected[0], s.domain, await report(req, { requestId: unknown }));
    await rejectsWith(s.oracle.fulfill(unknown, proof), iface, 'RequestNotPending', [unknown, Status.None]);
  });

  it('fulfill_AcceptsAttempt1_OnlyFromTheSecondWindowOn', async () => {
    const s = await setup();
    const req = await ask(s);
    const proof = await proofOf(s, req, [1]);
    // Blocks request+1 .. request+W-1: only attempt 0 is open.
    for (let b = 1; b < WINDOW; b++) {
      assert.equal(BigInt(await world.provider.getBlockNumber()) + 1n, req.block + BigInt(b));
      await rejectsWith(s.oracle.fulfill(req.id, proof), iface, 'NotElected', [req.elected[1].address, BigInt(req.order[1]), 1n]);
      if (b < WINDOW - 1) await mine(1);
    }
    await mine(1);
    // The fulfill lands in block request + W: attempt 1 is open.
    assert.equal(await s.oracle.openAttempts(req.id, req.block + BigInt(WINDOW), 3), 2n);
    const receipt = await fulfill(s, req, proof);
    assert.equal(BigInt(receipt.blockNumber), req.block + BigInt(WINDOW));
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[1].address);
    assert.equal((await s.requester.answerOf(req.id)).answered, true);
  });

  it('fulfill_AcceptsAttempt2_OnlyAfterTwoWindows_AndAttempt0StaysAllowed', async () => {
    const s = await setup();
    const req = await ask(s);
    const proof2 = await proofOf(s, req, [2]);
    const at = async () => BigInt(await world.provider.getBlockNumber()) + 1n - req.block; // blocks since the request, for the next tx
    while (await at() < BigInt(2 * WINDOW)) {
      const open = BigInt(openAttempts({ quorum: 1, requestBlock: req.block, blockNumber: req.block + (await at()), windowBlocks: WINDOW, validators: 3 }));
      assert.equal(open, (await at()) < BigInt(WINDOW) ? 1n : 2n);
      await rejectsWith(s.oracle.fulfill(req.id, proof2), iface, 'NotElected', [req.elected[2].address, BigInt(req.order[2]), open]);
      await mine(1);
    }
    // Two windows on, attempt 2 would be accepted; attempt 0 still is, and it answers first.
    await s.oracle.fulfill.estimateGas(req.id, proof2);
    const receipt = await fulfill(s, req, await proofOf(s, req, [0]));
    assert.equal(BigInt(receipt.blockNumber) - req.block, BigInt(2 * WINDOW));
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[0].address);
    await rejectsWith(s.oracle.fulfill(req.id, proof2), iface, 'RequestNotPending', [req.id, Status.Fulfilled]);
  });

  it('openAttempts_MatchesTheJsWindows_ForEachBlock', async () => {
    const s = await setup();
    for (const quorum of [1, 2, 3]) {
      const req = await ask(s, { quorum });
      for (let b = 0n; b <= 10n; b++) {
        const expected = openAttempts({ quorum, requestBlock: req.block, blockNumber: req.block + b, windowBlocks: WINDOW, validators: 3 });
        assert.equal(await s.oracle.openAttempts(req.id, req.block + b, 3), BigInt(expected), `quorum ${quorum} block +${b}`);
      }
      // Before the request block nothing extra opens.
      assert.equal(await s.oracle.openAttempts(req.id, req.block - 1n, 3), BigInt(quorum));
    }
  });

  it('fulfill_ElectsWhatTheJsElectionElects_For20Requests', async () => {
    const s = await setup({ windowBlocks: 1000 });
    const seen = new Set();
    for (let k = 0; k < 20; k++) {
      const req = await ask(s, { callbackGas: 0 });
      seen.add(req.order[0]);
      const r = await report(req, { value: BigInt(k) });
      for (let a = 1; a < 3; a++) {
        await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[a], s.domain, { ...r, round: BigInt(a) })), iface, 'NotElected',
          [req.elected[a].address, BigInt(req.order[a]), 1n]);
      }
      const receipt = await fulfill(s, req, makeProof(req.elected[0], s.domain, r));
      const [ev] = logsOf(s, receipt, 'RequestFulfilled');
      assert.deepEqual([ev.args.value, ev.args.leader], [BigInt(k), req.elected[0].address]);
    }
    // With powers 10/30/60 over 20 requests, more than one validator leads (probability of one only < 1e-4).
    assert.ok(seen.size > 1, `only validator ${[...seen]} was ever elected`);
  });

  it('fulfill_Works_WhenTheRegistryIsAnOracleHub', async () => {
    const s = await setup({ registryName: 'OracleHub' });
    const req = await ask(s);
    await rejectsWith(s.oracle.fulfill(req.id, await proofOf(s, req, [1])), iface, 'NotElected',
      [req.elected[1].address, BigInt(req.order[1]), 1n]);
    const receipt = await fulfill(s, req, await proofOf(s, req, [0]));
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[0].address);
  });
});

describe('OracleRequests: quorum', () => {
  it('fulfill_RevertsNotEnoughSigners_WhenQuorum2HasOneSignature', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[0], s.domain, await report(req))), iface, 'NotEnoughSigners', [1n, 2n]);
  });

  it('fulfill_AcceptsAttempts0And1_AtOnce_WhenQuorumIs2', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    // Attempt 2 is a backup: it opens one window later, so it cannot stand in for attempt 1 now.
    await rejectsWith(s.oracle.fulfill(req.id, await proofOf(s, req, [0, 2])), iface, 'NotElected',
      [req.elected[2].address, BigInt(req.order[2]), 2n]);
    const r = await report(req);
    const receipt = await fulfill(s, req, makeRequestProof(req.elected, [0, 1], s.domain, r));
    assert.equal(BigInt(receipt.blockNumber), req.block + 1n);
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
    const [ev] = logsOf(s, receipt, 'RequestFulfilled');
    // round 0: attempt 0's enclave executed, attempt 1's endorsed.
    assert.equal(ev.args.leader, req.elected[0].address);
    assert.equal((await s.requester.answerOf(req.id)).value, r.value);
  });

  it('fulfill_AcceptsAttempt2AsTheSecondSigner_OneWindowLater_WhenQuorumIs2', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    await mine(WINDOW - 1);
    // Attempt 0 is silent: attempt 1's enclave executes (round 1), attempt 2's endorses.
    const receipt = await fulfill(s, req, await proofOf(s, req, [1, 2]));
    assert.equal(BigInt(receipt.blockNumber), req.block + BigInt(WINDOW));
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[1].address);
  });

  it('fulfill_AcceptsThreeSigners_WhenQuorumIs3', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 3 });
    const receipt = await fulfill(s, req, await proofOf(s, req, [0, 1, 2]));
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[0].address);
  });

  it('fulfill_RevertsSignersNotSorted_WhenASignerRepeatsOrOrderIsDescending', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    const r = await report(req);
    const sig = (w) => signReport(w, s.domain, r);
    const lead = req.elected[0];
    await rejectsWith(s.oracle.fulfill(req.id, encodeProof(r, [sig(lead), sig(lead)])), iface, 'SignersNotSorted', [lead.address, lead.address]);
    const [low, high] = byAddress([req.elected[0], req.elected[1]]);
    await rejectsWith(s.oracle.fulfill(req.id, encodeProof(r, [sig(high), sig(low)])), iface, 'SignersNotSorted', [low.address, high.address]);
    // 16 signatures pass the shape check (17 do not, see the malformed table); 16 copies are not distinct.
    await rejectsWith(s.oracle.fulfill(req.id, encodeProof(r, Array(16).fill(sig(lead)))), iface, 'SignersNotSorted', [lead.address, lead.address]);
  });

  it('fulfill_RevertsSignerNotRegistered_WhenASignerIsNoRegisteredEnclave', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    await rejectsWith(s.oracle.fulfill(req.id, makeQuorumProof([req.elected[0], STRANGER], s.domain, await report(req))), iface,
      'SignerNotRegistered', [STRANGER.address]);
  });

  it('fulfill_RevertsSignerExpired_WhenTheEntryExpired', async () => {
    const s = await setup({ expiresIn: 600n });
    const req = await ask(s, { quorum: 2 });
    const pair = [req.elected[0], req.elected[1]];
    await s.oracle.fulfill.estimateGas(req.id, await proofOf(s, req, [0, 1]));
    await world.advance(601);
    await rejectsWith(s.oracle.fulfill(req.id, await proofOf(s, req, [0, 1])), iface, 'SignerExpired',
      [byAddress(pair)[0].address, s.expiresAt]);
  });

  it('fulfill_NamesTheAttempt0SignerAsLeader_WhenItsAddressIsTheHigher', async () => {
    // DESIGN.md section 6: followers endorse the leader's (attempt 0's) report. Signatures are sorted by
    // address, so the leader's can come second; RequestFulfilled.leader still names it (round 0).
    const s = await setup();
    let req;
    for (let k = 0; k < 40; k++) {
      req = await ask(s, { quorum: 2, callbackGas: 0 });
      if (BigInt(req.elected[0].address) > BigInt(req.elected[1].address)) break;
    }
    assert.ok(BigInt(req.elected[0].address) > BigInt(req.elected[1].address), 'no request with the leader at the higher address');
    const r = await report(req);
    const proof = makeRequestProof(req.elected, [0, 1], s.domain, r);
    assert.equal(recovered(s.domain, r, dataSlice(proof, 148, 213)), req.elected[1].address, 'the follower\'s signature comes first');
    const receipt = await fulfill(s, req, proof);
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, req.elected[0].address);
  });
});

describe('OracleRequests: round and leader', () => {
  it('fulfill_RevertsRoundNotASignersAttempt_WhenTheRoundIsNoSignersAttempt', async () => {
    const s = await setup();
    // Quorum 1, block request+1: attempt 0 only. Its enclave signing round 1 (or any other) is refused.
    const one = await ask(s);
    for (const round of [1n, 2n, 3n, 2n ** 64n - 1n]) {
      await rejectsWith(s.oracle.fulfill(one.id, makeProof(one.elected[0], s.domain, await report(one, { round }))), iface,
        'RoundNotASignersAttempt', [round]);
    }
    // Quorum 2: attempts 0 and 1 sign, the round names neither (2: a backup that did not sign).
    const two = await ask(s, { quorum: 2 });
    await rejectsWith(s.oracle.fulfill(two.id, makeQuorumProof([two.elected[0], two.elected[1]], s.domain, await report(two, { round: 2n }))),
      iface, 'RoundNotASignersAttempt', [2n]);
    // One window on, attempt 2 is open and elected, but still not among the signers.
    await mine(WINDOW - 1);
    assert.equal(await s.oracle.openAttempts(two.id, BigInt(await world.provider.getBlockNumber()) + 1n, 3), 3n);
    await rejectsWith(s.oracle.fulfill(two.id, makeQuorumProof([two.elected[0], two.elected[1]], s.domain, await report(two, { round: 2n }))),
      iface, 'RoundNotASignersAttempt', [2n]);
    // Attempts 1 and 2 sign a report claiming attempt 0 led: refused.
    await rejectsWith(s.oracle.fulfill(two.id, makeQuorumProof([two.elected[1], two.elected[2]], s.domain, await report(two))),
      iface, 'RoundNotASignersAttempt', [0n]);
    // Quorum 1 after a window: the backup (attempt 1) alone, claiming round 0, is refused; with round 1 it is accepted.
    await rejectsWith(s.oracle.fulfill(one.id, makeProof(one.elected[1], s.domain, await report(one))), iface,
      'RoundNotASignersAttempt', [0n]);
    assert.equal((await s.oracle.requests(one.id)).status, Status.Pending);
    assert.equal((await s.oracle.requests(two.id)).status, Status.Pending);
    const receipt = await fulfill(s, one, await proofOf(s, one, [1]));
    assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, one.elected[1].address);
    await fulfill(s, two, await proofOf(s, two, [0, 1, 2]));
  });

  it('fulfill_NamesTheFollowerAsLeader_WhenRoundIsTheFollowersAttempt', async () => {
    const s = await setup();
    // Attempt 1's enclave executed, attempt 0's endorsed: round 1 names attempt 1.
    const two = await ask(s, { quorum: 2 });
    const r = await report(two, { round: 1n });
    const receipt = await fulfill(s, two, makeQuorumProof([two.elected[0], two.elected[1]], s.domain, r));
    const [ev] = logsOf(s, receipt, 'RequestFulfilled');
    assert.deepEqual([ev.args.ok, ev.args.value, ev.args.leader], [true, r.value, two.elected[1].address]);
    assert.equal((await s.requester.answerOf(two.id)).value, r.value);
    // Quorum 3, round 2: attempt 2 leads.
    const three = await ask(s, { quorum: 3 });
    const receipt3 = await fulfill(s, three, await proofOf(s, three, [0, 1, 2], {}, 2));
    assert.equal(logsOf(s, receipt3, 'RequestFulfilled')[0].args.leader, three.elected[2].address);
  });

  it('fulfill_NamesTheAttemptRoundSignerAsLeader_WhateverTheAddressOrder', async () => {
    // Quorum 2, signers attempts 0 and 1: for round 0 and round 1, with the leader at the lower and at
    // the higher address of the two (the signature order), the leader is the signer of attempt `round`.
    const s = await setup();
    const seen = new Set();
    for (let k = 0; k < 60 && seen.size < 4; k++) {
      const req = await ask(s, { quorum: 2, callbackGas: 0 });
      const round = k % 2;
      const leader = req.elected[round];
      const follower = req.elected[1 - round];
      const higher = BigInt(leader.address) > BigInt(follower.address);
      const receipt = await fulfill(s, req, await proofOf(s, req, [0, 1], {}, round));
      assert.equal(logsOf(s, receipt, 'RequestFulfilled')[0].args.leader, leader.address, `request ${k}, round ${round}`);
      seen.add(`round ${round}, leader's address ${higher ? 'higher' : 'lower'}`);
    }
    assert.equal(seen.size, 4, `only ${[...seen].join('; ')}`);
  });

  it('fulfill_AcceptsAnErrorReportFromOneSigner_OnlyWhenItsAttemptIsTheRound', async () => {
    const s = await setup();
    const data = hexlify(toUtf8Bytes('job_url'));
    const error = { value: 0n, data, sourcesHash: ERROR_SOURCES_HASH };
    // Quorum 2: attempt 1 is open at once; its enclave alone may sign the refusal, as round 1.
    const req = await ask(s, { quorum: 2 });
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[1], s.domain, await report(req, error))), iface,
      'RoundNotASignersAttempt', [0n]);
    const receipt = await fulfill(s, req, await proofOf(s, req, [1], error));
    assert.equal((await s.oracle.requests(req.id)).status, Status.Failed);
    const [ev] = logsOf(s, receipt, 'RequestFulfilled');
    assert.deepEqual([ev.args.ok, ev.args.data, ev.args.leader], [false, data, req.elected[1].address]);
    // Quorum 1: attempt 0's enclave signing its refusal as round 1 is refused.
    const one = await ask(s);
    await rejectsWith(s.oracle.fulfill(one.id, makeProof(one.elected[0], s.domain, await report(one, { ...error, round: 1n }))), iface,
      'RoundNotASignersAttempt', [1n]);
    await fulfill(s, one, await proofOf(s, one, [0], error));
    assert.equal((await s.oracle.requests(one.id)).status, Status.Failed);
  });
});

describe('OracleRequests: proof binding', () => {
  it('fulfill_RevertsWrongSpec_WhenTheReportIsForAnotherFeedId', async () => {
    const s = await setup();
    const req = await ask(s);
    const other = id('another spec');
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[0], s.domain, await report(req, { feedId: other }))), iface,
      'WrongSpec', [SPEC_HASH, other]);
  });

  it('fulfill_RevertsWrongRequest_WhenTheReportAnswersAnotherRequestOrIsAFeedRound', async () => {
    const s = await setup();
    const req = await ask(s);
    const other = await ask(s);
    const proofForOther = makeProof(other.elected[0], s.domain, await report(other));
    await rejectsWith(s.oracle.fulfill(req.id, proofForOther), iface, 'WrongRequest', [req.id, other.id]);
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[0], s.domain, await report(req, { requestId: ZeroHash }))), iface,
      'WrongRequest', [req.id, ZeroHash]);
  });

  it('fulfill_RevertsSignerNotRegistered_WhenSignedForAnotherChainOrContract', async () => {
    const s = await setup();
    const req = await ask(s);
    const r = await report(req);
    for (const domain of [reportDomain(1n, s.oracle.target), reportDomain(s.domain.chainId, s.requester.target)]) {
      const sig = signReport(req.elected[0], domain, r);
      const got = recovered(s.domain, r, sig);
      assert.notEqual(got, req.elected[0].address);
      await rejectsWith(s.oracle.fulfill(req.id, encodeProof(r, [sig])), iface, 'SignerNotRegistered', [got]);
    }
    // Another OracleRequests on the same registry (same ids can't exist, but the domain is the point).
    const twin = await deploy('OracleRequests', world.owner, await s.registry.getAddress(), WINDOW);
    const sig = signReport(req.elected[0], reportDomain(s.domain.chainId, twin.target), r);
    await rejectsWith(s.oracle.fulfill(req.id, encodeProof(r, [sig])), iface, 'SignerNotRegistered', [recovered(s.domain, r, sig)]);
  });

  it('fulfill_RevertsSignerNotRegistered_WhenAFieldChangedAfterSigning', async () => {
    const s = await setup();
    const req = await ask(s);
    const r = await report(req);
    const sig = signReport(req.elected[0], s.domain, r);
    for (const tampered of [{ ...r, value: r.value + 1n }, { ...r, data: '0x00' }, { ...r, round: 1n }, { ...r, observedAt: r.observedAt + 1n }]) {
      await rejectsWith(s.oracle.fulfill(req.id, encodeProof(tampered, [sig])), iface, 'SignerNotRegistered', [recovered(s.domain, tampered, sig)]);
    }
  });

  // One pending request for the whole table: refusals change nothing on chain.
  let table;
  const tableRequest = async () => {
    if (!table) {
      const s = await setup();
      const req = await ask(s);
      table = { s, req, proof: makeProof(req.elected[0], s.domain, await report(req)) };
      assertBaseProof(table.proof);
    }
    return table;
  };
  for (const row of MALFORMED_PROOFS) {
    it(`fulfill_Reverts${row.err}_WhenProofIs_${row.name.replaceAll(' ', '_')}`, async () => {
      const { s, req, proof } = await tableRequest();
      await rejectsWith(s.oracle.fulfill(req.id, row.malleate(proof)), iface, row.err, row.args);
    });
  }

  it('fulfill_AcceptsTheUnmalleatedProof_OfTheMalformedTable', async () => {
    const { s, req, proof } = await tableRequest();
    await fulfill(s, req, proof);
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
  });

  it('fulfill_RevertsInvalidSignature_WhenTheSecondSignatureHasABadV', async () => {
    const s = await setup();
    const req = await ask(s, { quorum: 2 });
    const proof = await proofOf(s, req, [0, 1]);
    assert.equal(dataSlice(proof, 147, 148), '0x02');
    // The last byte is the second signature's v.
    await rejectsWith(s.oracle.fulfill(req.id, concat([dataSlice(proof, 0, 277), '0x00'])), iface, 'InvalidSignature', []);
    await fulfill(s, req, proof);
  });
});

describe('OracleRequests: error reports and callbacks', () => {
  it('fulfill_MarksFailedAndPassesTheErrorName_WhenTheReportIsASignedError', async () => {
    const s = await setup();
    const req = await ask(s);
    const data = hexlify(toUtf8Bytes('job_url'));
    const r = await report(req, { value: 0n, data, sourcesHash: ERROR_SOURCES_HASH });
    const receipt = await fulfill(s, req, makeProof(req.elected[0], s.domain, r));
    assert.equal((await s.oracle.requests(req.id)).status, Status.Failed);
    const [ev] = logsOf(s, receipt, 'RequestFulfilled');
    assert.deepEqual([ev.args.ok, ev.args.value, ev.args.data, ev.args.observedAt, ev.args.leader],
      [false, 0n, data, r.observedAt, req.elected[0].address]);
    const answer = await s.requester.answerOf(req.id);
    assert.deepEqual([answer.answered, answer.ok, answer.value, answer.data], [true, false, 0n, data]);
    const value = await report(req);
    await rejectsWith(s.oracle.fulfill(req.id, makeProof(req.elected[0], s.domain, value)), iface, 'RequestNotPending', [req.id, Status.Failed]);
  });

  it('fulfill_StaysFulfilledAndEmitsCallbackFailed_WhenTheCallbackReverts', async () => {
    const s = await setup();
    await (await s.requester.setCallbackMode(true, false)).wait();
    const req = await ask(s);
    const receipt = await fulfill(s, req, makeProof(req.elected[0], s.domain, await report(req)));
    assert.equal(receipt.status, 1);
    assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
    assert.deepEqual(logsOf(s, receipt, 'CallbackFailed').map((l) => l.args.requestId), [req.id]);
    assert.equal((await s.requester.answerOf(req.id)).answered, false);
  });

  for (const dataLen of [0, 256, 16384]) {
    it(`fulfill_GivesTheCallbackAllOfCallbackGas_AtTheLeastGasThatDoesNotRevert_WithDataLen${dataLen}`, async () => {
      // The callback burns everything it gets, so the trace shows what it got. The least gas limit
      // that does not revert is found by bisection (eth_call on the pending block); one gas less
      // must revert InsufficientGasForCallback, i.e. the fulfiller cannot starve the callback.
      const s = await setup();
      await (await s.requester.setCallbackMode(false, true)).wait();
      const req = await ask(s);
      const proof = makeProof(req.elected[0], s.domain, await report(req, { data: hexlify(new Uint8Array(dataLen).fill(0xab)) }));
      const from = await world.owner.getAddress();
      const tx = { from, to: s.oracle.target, data: s.oracle.interface.encodeFunctionData('fulfill', [req.id, proof]) };
      const call = async (gas) => {
        try { await world.provider.send('eth_call', [{ ...tx, gas: toQuantity(gas) }, 'pending']); return null; } catch (e) { return e; }
      };
      let lo = 100_000n;
      let hi = 2_000_000n;
      assert.notEqual(await call(lo), null);
      assert.equal(await call(hi), null);
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if ((await call(mid)) === null) hi = mid; else lo = mid;
      }
      const below = await call(hi - 1n);
      assert.equal(iface.parseError(below.data ?? below.info?.error?.data).name, 'InsufficientGasForCallback');
      const receipt = await (await s.oracle.fulfill(req.id, proof, { gasLimit: hi })).wait();
      assert.equal(receipt.status, 1);
      assert.equal((await s.oracle.requests(req.id)).status, Status.Fulfilled);
      assert.deepEqual(logsOf(s, receipt, 'CallbackFailed').map((l) => l.args.requestId), [req.id]);
      const trace = await world.provider.send('debug_traceTransaction', [receipt.hash, { tracer: 'callTracer' }]);
      const cb = trace.calls.filter((c) => c.to.toLowerCase() === s.requester.target.toLowerCase());
      assert.equal(cb.length, 1);
      assert.equal(BigInt(cb[0].gas), BigInt(CALLBACK_GAS));
      assert.equal(BigInt(cb[0].gasUsed), BigInt(CALLBACK_GAS));
    });
  }

  it('fulfill_RevertsInsufficientGasForCallback_WhenSentWithGasForFulfillOnly', async () => {
    const s = await setup();
    // What a fulfill costs without a callback.
    const plain = requested(s, await (await s.oracle.request(ZeroHash, SPEC, ZeroAddress, 0, 1)).wait());
    const base = (await fulfill(s, plain, makeProof(plain.elected[0], s.domain, await report(plain)))).gasUsed;
    const callbackGas = 1_000_000;
    const req = await ask(s, { callbackGas });
    const proof = makeProof(req.elected[0], s.domain, await report(req));
    const gasLimit = base + 20_000n;
    const needed = BigInt(callbackGas) + BigInt(callbackGas) / 63n + 10_000n;
    const err = await rejectsWith(s.oracle.fulfill.staticCall(req.id, proof, { gasLimit }), iface, 'InsufficientGasForCallback');
    assert.equal(err.args[1], needed);
    assert.ok(err.args[0] < needed && err.args[0] > 0n, `gasLeft ${err.args[0]}`);
    // Mined with that limit, the fulfill reverts as a whole and the request stays pending.
    const tx = await s.oracle.fulfill(req.id, proof, { gasLimit });
    await assert.rejects(tx.wait(), (e) => e.code === 'CALL_EXCEPTION');
    const receipt = await world.provider.getTransactionReceipt(tx.hash);
    assert.equal(receipt.status, 0);
    const trace = await world.provider.send('debug_traceTransaction', [tx.hash, { tracer: 'callTracer' }]);
    assert.equal(iface.parseError(trace.output).name, 'InsufficientGasForCallback');
    assert.equal((await s.oracle.requests(req.id)).status, Status.Pending);
    // With enough gas, the same proof goes through and the callback is answered.
    await fulfill(s, req, proof);
    assert.equal((await s.requester.answerOf(req.id)).answered, true);
  });

  it('fulfill_CallsNoCallback_WhenTheCallbackIsZero', async () => {
    const s = await setup();
    const req = requested(s, await (await s.oracle.request(ZeroHash, SPEC, ZeroAddress, 0, 1)).wait());
    const receipt = await fulfill(s, req, makeProof(req.elected[0], s.domain, await report(req)));
    const trace = await world.provider.send('debug_traceTransaction', [receipt.hash, { tracer: 'callTracer' }]);
    // Only the registry (powers, signerEntry) and precompiles (ecrecover) are called: no callback.
    const called = (trace.calls ?? []).map((c) => c.to.toLowerCase()).filter((a) => BigInt(a) > 0xffn);
    assert.deepEqual(called, [s.registry.target.toLowerCase(), s.registry.target.toLowerCase()]);
    assert.deepEqual(logsOf(s, receipt, 'CallbackFailed'), []);
  });
});
