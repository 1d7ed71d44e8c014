// RedStone's store with a value that changes every round, measured with RedStone's own npm packages
// (installed by ../shared/tools/peer-gas/redstone/run.sh into PEER_GAS_CACHE) and the same consumer
// contract (RsOne) that run.sh compiles. run.sh's steady figure re-stores an identical value, which
// costs a no-op SSTORE; a feed's value changes, so this is the like-for-like figure.
//   node bench/gas/redstone_moving.cjs CACHE_DIR ANVIL_BINARY   -> one JSON line
const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');
const net = require('net');
const [cache, anvilBin] = process.argv.slice(2);
const req = require('module').createRequire(path.join(cache, 'package.json'));
const { ethers } = req('ethers');
const { DataPackage, NumericDataPoint, RedstonePayload } = req('@redstone-finance/protocol');

const freePort = () => new Promise((res) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });

(async () => {
  const port = await freePort();
  const anvil = spawn(anvilBin, ['--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let log = '';
    await new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('anvil did not start')), 20000);
      anvil.stdout.on('data', (d) => { log += d; if (log.includes('Listening')) { clearTimeout(t); res(); } });
    });
    const pk = log.match(/\(0\) (0x[0-9a-f]{64})/)[1]; // anvil account 0: RsOne's hard-coded authorised signer
    const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${port}`);
    const signer = await provider.getSigner(1);
    const out = path.join(cache, 'out');
    const abi = JSON.parse(fs.readFileSync(path.join(out, 'RsOne_sol_RsOne.abi')));
    const bin = '0x' + fs.readFileSync(path.join(out, 'RsOne_sol_RsOne.bin'), 'utf8');
    const c = await new ethers.ContractFactory(abi, bin, signer).deploy();
    await c.waitForDeployment();
    const to = await c.getAddress();
    const feed = ethers.encodeBytes32String('ETH');
    const send = async (data) => Number((await (await signer.sendTransaction({ to, data })).wait()).gasUsed);
    const payload = (value) => RedstonePayload.prepare([new DataPackage(
      [new NumericDataPoint({ dataFeedId: 'ETH', value, decimals: 8 })], Date.now(), '__DEFAULT__').sign(pk)], '');
    const first = await send(c.interface.encodeFunctionData('save', [feed]) + payload(3000));
    const moving = [];
    for (let i = 1; i <= 20; i++) moving.push(await send(c.interface.encodeFunctionData('save', [feed]) + payload(3000 + i * 1.25)));
    moving.sort((a, b) => a - b);
    console.log(JSON.stringify({ peer: 'redstone-1feed-1signer-moving-value', save_first: first, save_moving_median: moving[10], rounds: moving.length }));
  } finally {
    anvil.kill('SIGKILL');
  }
})().catch((e) => { console.error(e.shortMessage || e.message || e); process.exit(1); });
