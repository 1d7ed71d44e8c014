// Summarises `oracle-cli devnet --requests N --json` output: request-to-fulfilment latency in blocks.
//   node bench/requests/latency.mjs DEVNET_JSONL [--json]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
const json = rest.includes('--json');
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'));
const requests = lines.map((l) => JSON.parse(l)).filter((o) => o.type === 'request');
if (requests.length === 0) {
  console.error(`bench/requests: no request lines in ${file}`);
  process.exit(1);
}
const answered = requests.filter((r) => r.latency_blocks !== null && r.latency_blocks !== undefined);
const latencies = answered.map((r) => r.latency_blocks).sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * (latencies.length - 1)))];
const summary = {
  bench: 'request-latency', requests: requests.length, fulfilled: answered.length,
  p50_blocks: at(0.5), p90_blocks: at(0.9), max_blocks: latencies[latencies.length - 1],
  histogram: Object.fromEntries([...new Set(latencies)].map((v) => [v, latencies.filter((x) => x === v).length])),
  target_p50_blocks: 2, target_met: answered.length === requests.length && at(0.5) <= 2,
};
if (json) {
  console.log(JSON.stringify(summary));
} else {
  console.log('\nrequest-to-fulfilment latency on the devnet (anvil, a block every second; real sim enclave, local HTTPS exchanges;');
  console.log('relayer acting at 0 confirmations; requests one every 2 s through ExampleRequester, the feed job inline)');
  console.log(`  requests ${summary.requests}, fulfilled ${summary.fulfilled}`);
  console.log(`  latency in blocks: p50 ${summary.p50_blocks}, p90 ${summary.p90_blocks}, max ${summary.max_blocks}; histogram ${JSON.stringify(summary.histogram)}`);
  console.log(`  target p50 <= 2 blocks: ${summary.target_met ? 'met' : 'NOT met'}`);
}
if (answered.length !== requests.length) process.exit(1);
