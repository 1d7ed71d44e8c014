#!/usr/bin/env node
// Gas of on-demand requests (OracleRequests) and of pull proofs (OracleProof inside ExampleConsumer)
// on a fresh local anvil, beside RedStone's marginal verification cost measured in the same run.
//   node bench/requests/gas.mjs [--json] [--redstone FILE] [--samples N]
// bench/requests/run.sh runs RedStone's measure first (../shared/tools/peer-gas/redstone/run.sh) and
// passes its JSON line with --redstone. Without it, RedStone is reported as not measured.
// Reports are signed by test keys in the enclave's exact format (contracts/lib/proof.mjs mirrors
// enclave-tls/trusted/report.c); gas does not depend on who signs.
import { readFileSync } from 'node:fs';
import { Wallet, ZeroHash, id, keccak256, toUtf8Bytes } from 'ethers';
import { deploy, startAnvil } from '../../contracts/lib/devchain.mjs';
import { electionOrder } from '../../contracts/lib/election.mjs';
import { makeProof, makeRequestProof, reportDomain } from '../../contracts/lib/proof.mjs';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const rsFile = option('--redstone');
const SAMPLES = Number(option('--samples') ?? 12);
if (!(SAMPLES >= 10)) throw new Error('--samples must be at least 10');
const TARGET_RATIO = 1.2;
const CALLBACK_GAS = 50_000;
const WINDOW_BLOCKS = 3;
const ENCLAVES = ['A', 'B', 'C'].map((l) => new Wallet(keccak256(toUtf8Bytes(`attested-oracle bench requests enclave ${l} (test only)`))));
const VALIDATORS = ['A', 'B', 'C'].map((l) => new Wallet(keccak256(toUtf8Bytes(`attested-oracle bench requests validator ${l}`))).address);
const POWERS = [10n, 30n, 60n];
// A job spec in canonical JSON (RFC 8785), as a contract would send it inline.
const SPEC = toUtf8Bytes('{"aggregation":{"maxDeviationBps":100,"minSources":3},"decimals":8,"sources":[{"pointer":"/price","url":"https://api.exchange-a.example/v1/ticker/ETH-USD"},{"pointer":"/data/amount","url":"https://api.exchange-b.example/v2/prices/ETH-USD/spot"},{"pointer":"/result/XETHZUSD/c/0","url":"https://api.exchange-c.example/0/public/Ticker?pair=ETHUSD"}]}');
const SPEC_HASH = keccak256(SPEC);
const FEED = id('bench feed: ETH/USD');
const SOURCES = id('bench sources');

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs.length });

async function send(signer, tx) {
  const r = await (await signer.sendTransaction(tx)).wait();
  if (r.status !== 1) throw new Error(`transaction failed: ${JSON.stringify(tx).slice(0, 200)}`);
  return r;
}

/** OracleRequests over `validators` validators: gas of request() and of fulfill() at `quorum`. */
async function requestsScenario(chain, validators, quorum) {
  const owner = await chain.provider.getSigner(0);
  const registry = await deploy('OracleRegistry', owner);
  const expires = BigInt((await chain.provider.getBlock('latest')).timestamp) + 365n * 86400n;
  for (let i = 0; i < validators; i++) {
    await (await registry.setValidator(VALIDATORS[i], POWERS[i], ENCLAVES[i].address, id('mrenclave'), 0, expires)).wait();
  }
  const powers = POWERS.slice(0, validators);
  const oracle = await deploy('OracleRequests', owner, await registry.getAddress(), WINDOW_BLOCKS);
  const callback = await deploy('TrivialCallback', owner);
  const domain = reportDomain((await chain.provider.getNetwork()).chainId, await oracle.getAddress());
  const requestGas = [];
  const requestByHashGas = [];
  const fulfillGas = [];
  let proofBytes = 0;
  // One warm-up request (requestCount 0 -> 1 is a zero-to-nonzero write), not counted.
  await send(owner, { to: oracle.target, data: oracle.interface.encodeFunctionData('request', [ZeroHash, SPEC, callback.target, CALLBACK_GAS, quorum]) });
  for (let k = 0; k < SAMPLES; k++) {
    const byHash = await send(owner, { to: oracle.target, data: oracle.interface.encodeFunctionData('request', [SPEC_HASH, '0x', callback.target, CALLBACK_GAS, quorum]) });
    requestByHashGas.push(Number(byHash.gasUsed));
    const receipt = await send(owner, { to: oracle.target, data: oracle.interface.encodeFunctionData('request', [ZeroHash, SPEC, callback.target, CALLBACK_GAS, quorum]) });
    requestGas.push(Number(receipt.gasUsed));
    const ev = receipt.logs.map((l) => oracle.interface.parseLog(l)).find((l) => l?.name === 'OracleRequested').args;
    const elected = electionOrder(powers, ev.randomness, ev.requestId, quorum).map((i) => ENCLAVES[i]);
    // Attempts 0 .. quorum-1 sign; attempt 0's enclave leads (round 0), the others endorse.
    const report = {
      feedId: SPEC_HASH, requestId: ev.requestId, round: 0n, value: 3000_00000000n + BigInt(k) * 1234567n, data: '0x',
      observedAt: BigInt((await chain.provider.getBlock('latest')).timestamp), sourcesHash: SOURCES,
    };
    const proof = makeRequestProof(elected, [...elected.keys()], domain, report, 0);
    proofBytes = (proof.length - 2) / 2;
    const r = await send(owner, { to: oracle.target, data: oracle.interface.encodeFunctionData('fulfill', [ev.requestId, proof]) });
    const fulfilled = r.logs.map((l) => oracle.interface.parseLog(l)).find((l) => l?.name === 'RequestFulfilled');
    if (!fulfilled) throw new Error('fulfill emitted no RequestFulfilled');
    if (fulfilled.args.leader !== elected[0].address) throw new Error(`leader ${fulfilled.args.leader}, expected attempt 0's ${elected[0].address}`);
    fulfillGas.push(Number(r.gasUsed));
  }
  return { validators, quorum, signatures: quorum, proof_bytes: proofBytes, fulfill: stats(fulfillGas), request_inline: stats(requestGas), request_by_hash: stats(requestByHashGas) };
}

/** ExampleConsumer: nop, peek (verification only), settle, each sent as a transaction. */
async function consumerScenario(chain) {
  const owner = await chain.provider.getSigner(0);
  const registry = await deploy('OracleRegistry', owner);
  const expires = BigInt((await chain.provider.getBlock('latest')).timestamp) + 365n * 86400n;
  await (await registry.setValidator(VALIDATORS[0], 10, ENCLAVES[0].address, id('mrenclave'), 0, expires)).wait();
  const consumer = await deploy('ExampleConsumer', owner, await registry.getAddress(), FEED, 3600);
  const domain = reportDomain((await chain.provider.getNetwork()).chainId, await consumer.getAddress());
  const proofAt = async (k) => makeProof(ENCLAVES[0], domain, {
    feedId: FEED, requestId: ZeroHash, round: BigInt(k + 1), value: 3000_00000000n + BigInt(k) * 1234567n, data: '0x',
    observedAt: BigInt((await chain.provider.getBlock('latest')).timestamp), sourcesHash: SOURCES,
  });
  const tx = (fn, arg) => ({ to: consumer.target, data: consumer.interface.encodeFunctionData(fn, [arg]) });
  const nop = [];
  const peek = [];
  const marginal = [];
  const settle = [];
  let peekCalldata = 0;
  let proofBytes = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const proof = await proofAt(k);
    proofBytes = (proof.length - 2) / 2;
    const n = Number((await send(owner, tx('nop', FEED))).gasUsed);
    const peekTx = tx('peek', proof);
    peekCalldata = (peekTx.data.length - 2) / 2;
    const p = Number((await send(owner, peekTx)).gasUsed);
    nop.push(n);
    peek.push(p);
    marginal.push(p - n);
  }
  // settle: the first writes lastPrice/lastObservedAt from zero; the rest overwrite them.
  const settleFirst = Number((await send(owner, tx('settle', await proofAt(SAMPLES)))).gasUsed);
  for (let k = 0; k < SAMPLES; k++) settle.push(Number((await send(owner, tx('settle', await proofAt(SAMPLES + 1 + k)))).gasUsed));
  if (await consumer.lastPrice() === 0n) throw new Error('settle stored nothing');
  return {
    proof_bytes: proofBytes, peek_calldata_bytes: peekCalldata, nop: stats(nop), peek: stats(peek), marginal_verify: stats(marginal),
    settle_first: settleFirst, settle_steady: stats(settle),
  };
}

const chain = await startAnvil();
let result;
try {
  const anvil = await chain.provider.send('web3_clientVersion', []);
  const requests = [];
  for (const [validators, quorum] of [[1, 1], [3, 1], [3, 2]]) requests.push(await requestsScenario(chain, validators, quorum));
  const consumer = await consumerScenario(chain);
  let redstone = null;
  if (rsFile) {
    redstone = JSON.parse(readFileSync(rsFile, 'utf8').trim().split('\n').pop());
    if (!Number.isFinite(redstone.marginal_verify)) throw new Error(`${rsFile}: no marginal_verify in RedStone's output`);
  }
  const ratio = redstone ? +(consumer.marginal_verify.median / redstone.marginal_verify).toFixed(3) : null;
  result = {
    note: 'Reports signed by test keys in the enclave\'s exact format (EIP-712 Report, compact proof); gas does not depend on who signs. ' +
      'Medians over the samples; every figure measured in this run on this anvil.',
    anvil,
    samples: SAMPLES,
    callback: `TrivialCallback, callbackGas ${CALLBACK_GAS}`,
    spec_bytes: SPEC.length,
    requests,
    consumer,
    redstone: redstone && {
      peer: redstone.peer, nop: redstone.nop, peek: redstone.peek, marginal_verify: redstone.marginal_verify, payload_bytes: redstone.payload_bytes,
      note: 'measured in this run by ../shared/tools/peer-gas/redstone/run.sh on the same anvil binary: peek - nop, one sample each (gas is deterministic)',
    },
    ratio_marginal_verify_ours_to_redstone: ratio,
    target: `marginal verify at most ${TARGET_RATIO}x RedStone's`,
    target_met: ratio === null ? null : ratio <= TARGET_RATIO,
  };
} finally {
  chain.stop();
}

if (asJson) {
  console.log(JSON.stringify(result));
} else {
  const { requests, consumer, redstone } = result;
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const range = (s) => `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})`;
  console.log(`OracleRequests and OracleProof gas on ${result.anvil}, median (min-max) of ${SAMPLES} each`);
  console.log(result.note);
  console.log('');
  console.log(`request() (spec inline: ${result.spec_bytes} bytes of canonical JSON; by hash: none) and fulfill() with ${result.callback}:`);
  console.log('validators  quorum  request inline            request by hash           fulfill (proof bytes)');
  for (const r of requests) {
    console.log([String(r.validators).padEnd(11), String(r.quorum).padEnd(7), range(r.request_inline).padEnd(25), range(r.request_by_hash).padEnd(25),
      `${range(r.fulfill)} (${r.proof_bytes}: ${r.signatures} signature${r.signatures > 1 ? 's' : ''})`].join(' '));
  }
  console.log('');
  console.log(`ExampleConsumer (OracleProof.verify against an OracleRegistry, proof ${consumer.proof_bytes} bytes, peek calldata ${consumer.peek_calldata_bytes} bytes):`);
  console.log(`  nop(feedId)           ${range(consumer.nop)}`);
  console.log(`  peek(proof)           ${range(consumer.peek)}`);
  console.log(`  marginal verify       ${range(consumer.marginal_verify)}   (peek - nop, calldata included)`);
  console.log(`  settle(proof)         first ${fmt(consumer.settle_first)}, then ${range(consumer.settle_steady)}`);
  console.log('');
  if (redstone) {
    console.log(`RedStone (${redstone.peer}, same anvil binary, this run): nop ${fmt(redstone.nop)}, peek ${fmt(redstone.peek)}, marginal verify ${fmt(redstone.marginal_verify)}, payload ${redstone.payload_bytes} bytes`);
    console.log(`ours / RedStone marginal verify = ${result.ratio_marginal_verify_ours_to_redstone} (target: at most ${TARGET_RATIO}x): ${result.target_met ? 'met' : 'NOT met'}`);
  } else {
    console.log('RedStone: not measured (run bench/requests/run.sh to measure it in the same run); no ratio.');
  }
  console.log('ours checks per proof what RedStone\'s consumer does not: a live registry entry (registered, not expired) read from another contract, freshness, request id 0 and no error report.');
}
