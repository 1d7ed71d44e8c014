// A real anvil on a free 127.0.0.1 port, and deployment of the contracts in contracts/src.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractFactory, JsonRpcProvider } from 'ethers';
import { compileCached } from '../build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ANVIL = process.env.ANVIL ?? join(root, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil');

/** Starts anvil (port 0: the OS picks a free one). Returns {url, provider, pid, stop()}. */
export async function startAnvil(args = []) {
  const child = spawn(ANVIL, ['--host', '127.0.0.1', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`anvil did not start:\n${out}`)), 15000);
    child.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/Listening on (127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); ok(`http://${m[1]}`); }
    });
    child.stderr.on('data', (b) => { out += b; });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`anvil exited ${code}:\n${out}`)); });
  });
  child.stdout.resume();
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, polling: true, pollingInterval: 50, cacheTimeout: -1 });
  return {
    url,
    provider,
    pid: child.pid,
    stop: () => { provider.destroy(); child.kill('SIGTERM'); },
  };
}

let cached;
/** Compiled artifacts, once per process. */
export function artifacts() {
  cached ??= compileCached().artifacts;
  return cached;
}

/** Deploys contract `name` from `signer` with constructor `args`. */
export async function deploy(name, signer, ...args) {
  const a = artifacts()[name];
  const c = await new ContractFactory(a.abi, a.bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return c;
}
