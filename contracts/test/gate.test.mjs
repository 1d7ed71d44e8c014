// The registry gate (issue 4): entries written only with EIP-712 signatures from m of n
// attestation verifiers. ethers' signTypedData is the independent encoder of the entry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Wallet, ZeroHash, id, keccak256, toUtf8Bytes } from 'ethers';
import { deploy } from '../lib/devchain.mjs';
import { DAY, FEED, World, rejectsWith } from '../lib/fixture.mjs';
import { makeProof, reportDomain } from '../lib/proof.mjs';

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

const wallet = (label) => new Wallet(keccak256(toUtf8Bytes(label)));
const VERIFIERS = ['verifier A', 'verifier B', 'verifier C'].map(wallet);
const STRANGER = wallet('not a verifier');
const ENTRY_TYPES = {
  EnclaveEntry: [
    { name: 'validator', type: 'address' },
    { name: 'power', type: 'uint64' },
    { name: 'signer', type: 'address' },
    { name: 'x25519', type: 'bytes32' },
    { name: 'measurement', type: 'bytes32' },
    { name: 'tcbStatus', type: 'uint8' },
    { name: 'expiresAt', type: 'uint64' },
    { name: 'issuedAt', type: 'uint64' },
  ],
};

async function gated(contract = 'OracleRegistry', ...args) {
  const r = await deploy(contract, world.owner, ...args);
  await (await r.setVerifiers(VERIFIERS.map((v) => v.address), 2)).wait();
  const domain = { name: 'OracleRegistry', version: '1', chainId: (await world.provider.getNetwork()).chainId, verifyingContract: await r.getAddress() };
  const now = await world.now();
  const entry = (o = {}) => ({
    validator: wallet('validator 1').address, power: 10n, signer: world.enclave.address, x25519: id('x25519 key'),
    measurement: id('mrenclave'), tcbStatus: 255, expiresAt: now + DAY, issuedAt: now, ...o,
  });
  // Signatures ordered by signer address, as the contract requires.
  const sign = async (e, signers, d = domain) => {
    const sigs = await Promise.all(signers.map(async (w) => ({ a: w.address.toLowerCase(), s: await w.signTypedData(d, ENTRY_TYPES, e) })));
    return sigs.sort((x, y) => (x.a < y.a ? -1 : 1)).map((x) => x.s);
  };
  return { r, domain, entry, sign };
}

describe('registry gate', () => {
  it('registerEnclave_RegistersTheEntry_WithTwoOfThreeVerifiers', async () => {
    const { r, entry, sign } = await gated();
    const e = entry();
    const receipt = await (await r.registerEnclave(e, await sign(e, VERIFIERS.slice(0, 2)))).wait();
    assert.deepEqual([...(await r.signerStatus(e.signer))], [true, e.expiresAt, e.validator]);
    assert.deepEqual([...(await r.enclaveKeys(e.validator))], [e.x25519, e.issuedAt]);
    const [list, threshold] = await r.verifiers();
    assert.deepEqual([...list], VERIFIERS.map((v) => v.address));
    assert.equal(threshold, 2n);
    const names = receipt.logs.map((l) => r.interface.parseLog(l).name);
    assert.deepEqual(names, ['ValidatorSet', 'EnclaveRegistered']);
  });

  it('registerEnclave_RevertsNotEnoughSignatures_WithOneVerifier', async () => {
    const { r, entry, sign } = await gated();
    const e = entry();
    await rejectsWith(r.registerEnclave(e, await sign(e, [VERIFIERS[0]])), r.interface, 'NotEnoughSignatures', [1n, 2n]);
    assert.equal((await r.signerStatus(e.signer))[0], false);
  });

  it('registerEnclave_RevertsNotAVerifier_WhenAStrangerSigns', async () => {
    const { r, entry, sign } = await gated();
    const e = entry();
    const sigs = await sign(e, [VERIFIERS[0], STRANGER]);
    await rejectsWith(r.registerEnclave(e, sigs), r.interface, 'NotAVerifier', [STRANGER.address]);
  });

  it('registerEnclave_CountsAVerifierOnce_WhenItsSignatureIsRepeated', async () => {
    const { r, entry, sign } = await gated();
    const e = entry();
    const [s] = await sign(e, [VERIFIERS[1]]);
    await rejectsWith(r.registerEnclave(e, [s, s]), r.interface, 'SignaturesNotSorted', [VERIFIERS[1].address, VERIFIERS[1].address]);
  });

  it('registerEnclave_Refuses_AChangedEntry_OrOneSignedForAnotherRegistry', async () => {
    const { r, domain, entry, sign } = await gated();
    const e = entry();
    // Signatures over another digest recover to addresses that are no verifier's (or, by chance,
    // come out unsorted): either way the entry is refused and nothing is written.
    const refusedWith = async (promise) => {
      let data;
      try { await promise; } catch (err) { data = err.data ?? err.info?.error?.data; }
      assert.ok(data !== undefined, 'expected a revert');
      const err = r.interface.parseError(data);
      assert.ok(['NotAVerifier', 'SignaturesNotSorted'].includes(err.name), `unexpected ${err.name}`);
      if (err.name === 'NotAVerifier') assert.ok(!VERIFIERS.some((v) => v.address === err.args[0]), 'a real verifier was refused');
    };
    const sigs = await sign(e, VERIFIERS.slice(0, 2));
    await refusedWith(r.registerEnclave({ ...e, tcbStatus: 0 }, sigs));
    const other = await sign(e, VERIFIERS.slice(0, 2), { ...domain, verifyingContract: wallet('another registry').address });
    await refusedWith(r.registerEnclave(e, other));
    assert.equal((await r.signerStatus(e.signer))[0], false);
  });

  it('registerEnclave_RefusesAReplay_AndAcceptsARenewalWithALaterIssue', async () => {
    const { r, entry, sign } = await gated();
    const e = entry();
    await (await r.registerEnclave(e, await sign(e, VERIFIERS.slice(1)))).wait();
    await rejectsWith(r.registerEnclave(e, await sign(e, VERIFIERS.slice(1))), r.interface, 'StaleEntry', [e.issuedAt, e.issuedAt]);
    const renewed = entry({ issuedAt: e.issuedAt + 10n, expiresAt: e.expiresAt + DAY });
    await (await r.registerEnclave(renewed, await sign(renewed, [VERIFIERS[0], VERIFIERS[2]]))).wait();
    assert.deepEqual([...(await r.signerStatus(e.signer))], [true, renewed.expiresAt, e.validator]);
  });

  it('setValidator_RevertsVerifiersConfigured_OnceTheGateIsSet', async () => {
    const { r, entry } = await gated();
    const e = entry();
    await rejectsWith(r.setValidator(e.validator, 1, e.signer, e.measurement, 0, e.expiresAt), r.interface, 'VerifiersConfigured', []);
    await rejectsWith(r.setVerifiers([VERIFIERS[0].address], 2), r.interface, 'BadThreshold', [2n, 1n]);
    await rejectsWith(r.setVerifiers([VERIFIERS[0].address, VERIFIERS[0].address], 1), r.interface, 'DuplicateVerifier', [VERIFIERS[0].address]);
    await rejectsWith(r.connect(world.stranger).setVerifiers([VERIFIERS[0].address], 1), r.interface, 'NotOwner', [await world.stranger.getAddress()]);
  });

  it('submit_RevertsSignerExpired_OnOracleFeed_WhenTheGatedEntryExpired', async () => {
    const { r, entry, sign } = await gated();
    const feed = await deploy('OracleFeed', world.owner, await r.getAddress(), FEED, 8, 'ETH / USD', 0);
    const domain = reportDomain((await world.provider.getNetwork()).chainId, await feed.getAddress());
    const now = await world.now();
    const e = entry({ expiresAt: now + 120n, issuedAt: now });
    await (await r.registerEnclave(e, await sign(e, VERIFIERS.slice(0, 2)))).wait();
    const report = (t) => ({ feedId: FEED, requestId: ZeroHash, round: 1n, value: 3000_00000000n, data: '0x', observedAt: t, sourcesHash: id('sources') });
    await (await feed.submit(await makeProof(world.enclave, domain, report(now)))).wait();
    await world.advance(300);
    const later = await world.now();
    await rejectsWith(feed.submit(await makeProof(world.enclave, domain, { ...report(later), round: 2n })), feed.interface, 'SignerExpired', [world.enclave.address, e.expiresAt]);
  });
});
