#!/usr/bin/env node
// Gas of one attested submit on a local anvil, beside RedStone's store measured in the same run.
//   node bench/gas/run.mjs [--json] [--redstone FILE]   (bench/gas/run.sh runs RedStone first and passes FILE)
// Reports are signed by a test key in the enclave's exact format (contracts/lib/proof.mjs mirrors
// enclave-tls/trusted/report.c); gas does not depend on who signs.
import { readFileSync } from 'node:fs';
import { Contract, ContractFactory, Wallet, keccak256, toUtf8Bytes, ZeroHash, id } from 'ethers';
import { compileCached as compile, settingsFromEnv } from '../../contracts/build.mjs';
import { startAnvil } from '../../contracts/lib/devchain.mjs';
import { makeProof, reportDomain } from '../../contracts/lib/proof.mjs';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const rsFile = args.includes('--redstone') ? args[args.indexOf('--redstone') + 1] : null;
const rsMovingFile = args.includes('--redstone-moving') ? args[args.indexOf('--redstone-moving') + 1] : null;
const STEADY = 20;
const ENCLAVE = new Wallet(keccak256(toUtf8Bytes('attested-oracle bench enclave key (test only)')));
const FEED = id('bench feed: ETH/USD');
const SOURCES = id('bench sources');

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function setup(chain, arts, design, historyLength) {
  const owner = await chain.provider.getSigner(0);
  const dep = async (name, ...a) => {
    const c = await new ContractFactory(arts[name].abi, arts[name].bytecode, owner).deploy(...a);
    await c.waitForDeployment();
    return c;
  };
  const block = await chain.provider.getBlock('latest');
  const expires = BigInt(block.timestamp) + 10n * 365n * 86400n;
  let registry, target;
  if (design === 'hub') {
    registry = await dep('OracleHub');
    await (await registry.createFeed(FEED, 8, 'ETH / USD', historyLength)).wait();
    target = registry;
  } else {
    registry = await dep('OracleRegistry');
    target = await dep('OracleFeed', await registry.getAddress(), FEED, 8, 'ETH / USD', historyLength);
  }
  await (await registry.setValidator(await owner.getAddress(), 10, ENCLAVE.address, id('mrenclave'), 0, expires)).wait();
  const to = await target.getAddress();
  const domain = reportDomain((await chain.provider.getNetwork()).chainId, to);
  return { owner, registry, target, to, domain, t: BigInt(block.timestamp) - 3600n, round: 0n };
}

/**
 * An EIP-2930 access list for the slots a submit reads. Listing an address costs 2,400 and a key
 * 1,900; a cold account costs 2,600 and a cold SLOAD 2,100. The tx's `to` is warm anyway, so its
 * keys only pay off with the address entry they need: hub (2,400 + 2 x 1,900 for 2 x 2,000 saved)
 * is a loss, feed (registry address and its signer slot) a small gain.
 */
function accessList(s, design) {
  const signerSlot = keccak256(pad(ENCLAVE.address) + pad(4).slice(2));
  if (design === 'hub') {
    return [{ address: s.to, storageKeys: [signerSlot, keccak256(FEED + pad(5).slice(2))] }];
  }
  return [{ address: s.registry.target, storageKeys: [signerSlot] }];
}
const pad = (v) => '0x' + BigInt(v).toString(16).padStart(64, '0');

async function submitOnce(s, mode, design) {
  s.round += 1n;
  s.t += 12n;
  const proof = makeProof(ENCLAVE, s.domain, {
    feedId: FEED, requestId: ZeroHash, round: s.round, value: 3000_00000000n + s.round * 1234567n,
    data: '0x', observedAt: s.t, sourcesHash: SOURCES,
  });
  const data = mode === 'abi' ? s.target.interface.encodeFunctionData('submit', [proof]) : proof;
  const tx = { to: s.to, data };
  if (mode === 'raw+accesslist') { tx.type = 1; tx.accessList = accessList(s, design); }
  const r = await (await s.owner.sendTransaction(tx)).wait();
  if (r.status !== 1) throw new Error('submit failed');
  return { gas: Number(r.gasUsed), calldata: (data.length - 2) / 2 };
}

/** One variant: first few submits separately, then the steady median (after `skip` more rounds). */
async function measure(arts, design, mode, historyLength, skip = 0) {
  const chain = await startAnvil();
  try {
    const s = await setup(chain, arts, design, historyLength);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await submitOnce(s, mode, design));
    for (let i = 0; i < skip; i++) await submitOnce(s, mode, design);
    const steady = [];
    for (let i = 0; i < STEADY; i++) steady.push((await submitOnce(s, mode, design)).gas);
    return { design, mode, historyLength, first: first.map((f) => f.gas), steady_median: median(steady),
      steady_min: Math.min(...steady), steady_max: Math.max(...steady), calldata_bytes: first[0].calldata };
  } finally {
    chain.stop();
  }
}

const chosen = settingsFromEnv();
// The shipped settings (contracts/build.mjs: viaIR, runs 10000) get every row; the others only the main ones.
const compilers = [
  { label: `runs ${chosen.optimizer.runs}${chosen.viaIR ? ' viaIR' : ''} (shipped)`, settings: chosen },
  { label: 'runs 10000 legacy', settings: { ...chosen, viaIR: false, optimizer: { enabled: true, runs: 10000 } } },
  { label: 'runs 200 legacy', settings: { ...chosen, viaIR: false, optimizer: { enabled: true, runs: 200 } } },
];
const rows = [];
for (const c of compilers) {
  const arts = compile(c.settings).artifacts;
  const main = c === compilers[0];
  const plan = main
    ? [
        ['hub', 'raw', 0], ['hub', 'abi', 0], ['hub', 'raw+accesslist', 0],
        ['feed', 'raw', 0], ['feed', 'abi', 0], ['feed', 'raw+accesslist', 0],
        ['hub', 'raw', 32, 0], ['hub', 'raw', 32, 32], ['feed', 'raw', 32, 32],
      ]
    : [['hub', 'raw', 0], ['feed', 'raw', 0]];
  for (const [design, mode, h, skip] of plan) {
    const r = await measure(arts, design, mode, h, skip ?? 0);
    r.compiler = c.label;
    r.phase = h === 0 ? 'steady' : skip ? 'after wrap-around' : 'before wrap-around';
    rows.push(r);
  }
}

let redstone = null;
if (rsFile) redstone = JSON.parse(readFileSync(rsFile, 'utf8').trim().split('\n').pop());
const redstoneMoving = rsMovingFile ? JSON.parse(readFileSync(rsMovingFile, 'utf8').trim().split('\n').pop()) : null;
const ours = rows[0];
const result = {
  note: 'Reports signed by a test key in the enclave\'s exact format (EIP-712 Report, compact proof); gas does not depend on who signs.',
  anvil: (await (async () => { const c = await startAnvil(); try { return await c.provider.send('web3_clientVersion', []); } finally { c.stop(); } })()),
  ours: { design: `OracleHub, raw proof as calldata, historyLength 0, ${ours.compiler}`, first: ours.first, steady_median: ours.steady_median, calldata_bytes: ours.calldata_bytes },
  variants: rows,
  redstone: redstone && { save_first: redstone.save_first, save_steady_median: redstone.save_steady_median, payload_bytes: redstone.payload_bytes,
    note: 'measured in this run, same anvil; its steady state re-stores an identical value' },
  published: {
    chainlink_data_streams_verify: { gas: 183000, note: 'published figure, per report verification, not measured here' },
    pyth_update_one_feed: { gas: 259000, note: 'published figure, one price feed update, not measured here' },
  },
  redstone_moving_value: redstoneMoving && { save_first: redstoneMoving.save_first, save_moving_median: redstoneMoving.save_moving_median,
    note: 'RedStone packages and consumer as in run.sh, same anvil, this run, but a value that changes every round (bench/gas/redstone_moving.cjs)' },
  ratio_ours_to_redstone_steady: redstone ? +(ours.steady_median / redstone.save_steady_median).toFixed(3) : null,
  ratio_ours_to_redstone_moving: redstoneMoving ? +(ours.steady_median / redstoneMoving.save_moving_median).toFixed(3) : null,
};

if (asJson) {
  console.log(JSON.stringify(result));
} else {
  const fmt = (n) => n.toLocaleString('en-US');
  console.log(`attested submit gas on ${result.anvil}`);
  console.log(result.note);
  console.log('');
  console.log(`design  entry           history  phase               first 3 submits         steady median of ${STEADY} (min-max)  calldata  compiler`);
  for (const r of rows) {
    console.log([
      r.design.padEnd(7), r.mode.padEnd(15), String(r.historyLength).padEnd(8), r.phase.padEnd(19),
      r.first.map(fmt).join(', ').padEnd(23), `${fmt(r.steady_median)} (${fmt(r.steady_min)}-${fmt(r.steady_max)})`.padEnd(25),
      String(r.calldata_bytes).padEnd(9), r.compiler,
    ].join(' '));
  }
  console.log('');
  if (redstone) {
    console.log(`RedStone (same anvil, this run): save_first ${fmt(redstone.save_first)}, save_steady_median ${fmt(redstone.save_steady_median)} (re-stores an identical value), payload ${redstone.payload_bytes} bytes`);
  } else {
    console.log('RedStone: not measured (run bench/gas/run.sh to measure it in the same run)');
  }
  if (redstoneMoving) {
    console.log(`RedStone with a value that changes every round (same packages and consumer, same anvil, this run): first ${fmt(redstoneMoving.save_first)}, median ${fmt(redstoneMoving.save_moving_median)}`);
  }
  console.log('Chainlink Data Streams: ~183,000 per report verification (published figure, not measured here)');
  console.log('Pyth: ~259,000 for one feed update (published figure, not measured here)');
  console.log(`ours (${result.ours.design}): steady median ${fmt(ours.steady_median)}` +
    (redstone ? `; ours / RedStone steady (identical value) = ${result.ratio_ours_to_redstone_steady}` : '') +
    (redstoneMoving ? `; ours / RedStone with a moving value = ${result.ratio_ours_to_redstone_moving}` : ''));
  console.log('ours checks more per submit than RedStone\'s consumer: a live registry entry (registered, not expired), freshness (observedAt newer), the feed id, and emits an event.');
}
