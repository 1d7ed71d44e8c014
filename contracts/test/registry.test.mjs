// OracleRegistry: validators in order, voting power, one live entry per enclave signer, owner-only writes.
// OracleHub inherits the same code; the feed tests cover its submit path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Wallet, ZeroAddress, id } from 'ethers';
import { deploy } from '../lib/devchain.mjs';
import { DAY, World, rejectsWith } from '../lib/fixture.mjs';

let world;
before(async () => { world = await World.start(); });
after(() => world?.stop());

const addr = (label) => new Wallet(id(label)).address;
const V1 = addr('validator 1'), V2 = addr('validator 2'), V3 = addr('validator 3');
const S1 = addr('signer 1'), S2 = addr('signer 2'), S3 = addr('signer 3'), S4 = addr('signer 4');

async function registry() {
  const r = await deploy('OracleRegistry', world.owner);
  const exp = (await world.now()) + 30n * DAY;
  return { r, exp, set: async (...a) => (await r.setValidator(...a)).wait() };
}

describe('registry', () => {
  it('setValidator_AddsInOrderAndSumsPower_WhenValidatorsAreNew', async () => {
    const { r, exp, set } = await registry();
    const receipt = await set(V1, 5, S1, id('m1'), 1, exp);
    await set(V2, 7, S2, id('m2'), 0, exp + 1n);
    assert.equal(await r.validatorCount(), 2n);
    assert.equal(await r.totalPower(), 12n);
    assert.deepEqual([...(await r.validatorAt(0))], [V1, 5n, S1, id('m1'), 1n, exp]);
    assert.deepEqual([...(await r.validatorAt(1))], [V2, 7n, S2, id('m2'), 0n, exp + 1n]);
    assert.deepEqual([...(await r.signerStatus(S2))], [true, exp + 1n, V2]);
    assert.deepEqual([...(await r.signerStatus(S3))], [false, 0n, ZeroAddress]);
    const log = r.interface.parseLog(receipt.logs[0]);
    assert.equal(log.name, 'ValidatorSet');
    assert.deepEqual([...log.args], [V1, 5n, S1, id('m1'), 1n, exp]);
    await rejectsWith(r.validatorAt(2), r.interface, 'IndexOutOfRange', [2n, 2n]);
  });

  it('setValidator_RemovesTheOldSignerEntry_WhenTheSignerIsReplaced', async () => {
    const { r, exp, set } = await registry();
    await set(V1, 5, S1, id('m1'), 0, exp);
    const receipt = await set(V1, 9, S2, id('m2'), 2, exp + 5n);
    assert.deepEqual([...(await r.signerStatus(S1))], [false, 0n, ZeroAddress]);
    assert.deepEqual([...(await r.signerStatus(S2))], [true, exp + 5n, V1]);
    assert.equal(await r.validatorCount(), 1n);
    assert.equal(await r.totalPower(), 9n);
    const names = receipt.logs.map((l) => r.interface.parseLog(l).name);
    assert.deepEqual(names, ['SignerRemoved', 'ValidatorSet']);
  });

  it('setValidator_RevertsSignerInUse_WhenAnotherValidatorHoldsTheSigner', async () => {
    const { r, exp, set } = await registry();
    await set(V1, 5, S1, id('m1'), 0, exp);
    await rejectsWith(r.setValidator(V2, 5, S1, id('m1'), 0, exp), r.interface, 'SignerInUse', [S1, V1]);
  });

  it('setValidator_RevertsOnBadArguments', async () => {
    const { r, exp } = await registry();
    await rejectsWith(r.setValidator(V1, 0, S1, id('m1'), 0, exp), r.interface, 'ZeroPower', []);
    await rejectsWith(r.setValidator(ZeroAddress, 1, S1, id('m1'), 0, exp), r.interface, 'ZeroAddress', []);
    await rejectsWith(r.setValidator(V1, 1, ZeroAddress, id('m1'), 0, exp), r.interface, 'ZeroAddress', []);
    const now = await world.now();
    await rejectsWith(r.setValidator(V1, 1, S1, id('m1'), 0, now), r.interface, 'ExpiryInPast', [now]);
  });

  it('removeValidator_MovesTheLastIntoItsPlace_AndDropsItsSigner', async () => {
    const { r, exp, set } = await registry();
    await set(V1, 1, S1, id('m1'), 0, exp);
    await set(V2, 2, S2, id('m2'), 0, exp);
    await set(V3, 4, S3, id('m3'), 0, exp);
    const receipt = await (await r.removeValidator(V1)).wait();
    assert.deepEqual(receipt.logs.map((l) => r.interface.parseLog(l).name), ['SignerRemoved', 'ValidatorRemoved']);
    assert.equal(await r.validatorCount(), 2n);
    assert.equal(await r.totalPower(), 6n);
    assert.equal((await r.validatorAt(0))[0], V3);
    assert.equal((await r.validatorAt(1))[0], V2);
    assert.deepEqual([...(await r.signerStatus(S1))], [false, 0n, ZeroAddress]);
    assert.deepEqual([...(await r.signerStatus(S3))], [true, exp, V3]);
    // The moved validator is still found by its signer and can be updated in place.
    await set(V3, 8, S4, id('m4'), 0, exp);
    assert.deepEqual([...(await r.validatorAt(0))].slice(0, 3), [V3, 8n, S4]);
    assert.equal(await r.totalPower(), 10n);
    await rejectsWith(r.removeValidator(V1), r.interface, 'UnknownValidator', [V1]);
    await (await r.removeValidator(V2)).wait();
    await (await r.removeValidator(V3)).wait();
    assert.equal(await r.validatorCount(), 0n);
    assert.equal(await r.totalPower(), 0n);
  });

  it('writes_RevertNotOwner_WhenCallerIsNotTheOwner', async () => {
    const { r, exp, set } = await registry();
    await set(V1, 1, S1, id('m1'), 0, exp);
    const s = r.connect(world.stranger);
    const who = await world.stranger.getAddress();
    await rejectsWith(s.setValidator(V2, 1, S2, id('m'), 0, exp), r.interface, 'NotOwner', [who]);
    await rejectsWith(s.removeValidator(V1), r.interface, 'NotOwner', [who]);
    await rejectsWith(s.transferOwnership(who), r.interface, 'NotOwner', [who]);
    const hub = await deploy('OracleHub', world.owner);
    await rejectsWith(hub.connect(world.stranger).createFeed(id('f'), 8, 'x', 0), hub.interface, 'NotOwner', [who]);
  });

  it('transferOwnership_HandsWritesToTheNewOwner', async () => {
    const { r, exp } = await registry();
    const next = await world.stranger.getAddress();
    await rejectsWith(r.transferOwnership(ZeroAddress), r.interface, 'ZeroAddress', []);
    const receipt = await (await r.transferOwnership(next)).wait();
    assert.deepEqual([...r.interface.parseLog(receipt.logs[0]).args], [await world.owner.getAddress(), next]);
    assert.equal(await r.owner(), next);
    await rejectsWith(r.setValidator(V1, 1, S1, id('m'), 0, exp), r.interface, 'NotOwner', [await world.owner.getAddress()]);
    await (await r.connect(world.stranger).setValidator(V1, 1, S1, id('m'), 0, exp)).wait();
  });

  it('createFeed_RevertsFeedExists_AndHistoryTooLong', async () => {
    const hub = await deploy('OracleHub', world.owner);
    await (await hub.createFeed(id('f'), 8, 'x', 0)).wait();
    await rejectsWith(hub.createFeed(id('f'), 8, 'x', 0), hub.interface, 'FeedExists', [id('f')]);
    await rejectsWith(hub.createFeed(id('g'), 8, 'x', 0x8000), hub.interface, 'HistoryTooLong', [0x8000n, 0x7fffn]);
    await rejectsWith(hub.historyLengthOf(id('g')), hub.interface, 'UnknownFeed', [id('g')]);
    await (await hub.createFeed(id('g'), 8, 'x', 0x7fff)).wait();
    assert.equal(await hub.historyLengthOf(id('g')), 0x7fffn);
  });
});
