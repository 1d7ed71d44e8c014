// Prints the gas table (from run.mjs) and a summary of a devnet run (one JSON object per round).
//   node bench/gas/devnet_summary.mjs GAS_OUTPUT DEVNET_JSONL [--json]
import { readFileSync } from 'node:fs';

const [gasFile, devnetFile, ...rest] = process.argv.slice(2);
const asJson = rest.includes('--json');
const rounds = readFileSync(devnetFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ok = rounds.filter((r) => r.ok && r.tx);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const devnet = {
  note: 'devnet: sim enclave fetching five local HTTPS exchanges (own process), relayer submitting to OracleHub on anvil with a block every second, 1 confirmation',
  rounds: ok.length,
  failed_attempts: rounds.length - ok.length,
  gas_first_rounds: ok.slice(0, 3).map((r) => r.gas_used),
  gas_median: median(ok.map((r) => r.gas_used)),
  latency_blocks_median: median(ok.map((r) => r.latency_blocks)),
  latency_blocks_max: Math.max(...ok.map((r) => r.latency_blocks)),
  relayer_cpu_ms_first: ok[0]?.relayer_cpu_ms ?? null,
  relayer_cpu_ms_median: median(ok.slice(1).map((r) => r.relayer_cpu_ms)),
  relayer_cpu_ms_median_second_half: median(ok.slice(Math.floor(ok.length / 2)).map((r) => r.relayer_cpu_ms)),
  enclave_call_ms_median: median(ok.slice(1).map((r) => r.enclave_ms)),
  round_wall_ms_median: median(ok.slice(1).map((r) => r.elapsed_ms)),
};
if (asJson) {
  const gas = JSON.parse(readFileSync(gasFile, 'utf8').trim().split('\n').pop());
  console.log(JSON.stringify({ ...gas, devnet }));
} else {
  process.stdout.write(readFileSync(gasFile, 'utf8'));
  console.log('');
  console.log(devnet.note);
  console.log(`  rounds ${devnet.rounds} (failed attempts ${devnet.failed_attempts}); gas of the real submits: first ${devnet.gas_first_rounds.map((g) => g.toLocaleString('en-US')).join(', ')}, median ${devnet.gas_median?.toLocaleString('en-US')}`);
  console.log(`  request-to-included latency: median ${devnet.latency_blocks_median} block(s), max ${devnet.latency_blocks_max} (request = the block the round read its chain time from)`);
  console.log(`  relayer CPU per round: first ${devnet.relayer_cpu_ms_first?.toFixed(1)} ms (JIT), then median ${devnet.relayer_cpu_ms_median?.toFixed(1)} ms (second half of the run, JIT warm: ${devnet.relayer_cpu_ms_median_second_half?.toFixed(1)} ms; process CPU over the round, all threads); enclave call median ${devnet.enclave_call_ms_median?.toFixed(1)} ms; round wall time median ${devnet.round_wall_ms_median?.toFixed(0)} ms`);
}
