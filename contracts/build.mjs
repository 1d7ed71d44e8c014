#!/usr/bin/env node
// Compiles every contract in contracts/src with the npm solc (standard JSON) and writes
// <outDir>/<Name>.json = {abi, bytecode, deployedBytecode, solcVersion, settings}.
//   node contracts/build.mjs [outDir]        (default: build/contracts, git-ignored)
// Env: SOLC_VIA_IR=0 and SOLC_RUNS=n override the settings (bench/gas compares variants with them).
import { existsSync, mkdirSync, renameSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(join(root, 'package.json'));
const solc = require('solc');

/** The settings the contracts are measured and shipped with (see contracts/README.md). */
export function settingsFromEnv(env = process.env) {
  return {
    optimizer: { enabled: true, runs: Number(env.SOLC_RUNS ?? 10000) },
    viaIR: env.SOLC_VIA_IR !== '0',
    evmVersion: env.SOLC_EVM ?? 'prague',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  };
}

function readSources() {
  const srcDir = join(here, 'src');
  const sources = {};
  for (const f of readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()) {
    sources[f] = { content: readFileSync(join(srcDir, f), 'utf8') };
  }
  return sources;
}

/**
 * compile(), remembered in build/contracts-cache by a hash of the sources, settings and solc
 * version: viaIR takes about 10 s, and every test file needs the artifacts.
 */
export function compileCached(settings = settingsFromEnv()) {
  const input = { language: 'Solidity', sources: readSources(), settings };
  const key = createHash('sha256').update(solc.version() + JSON.stringify(input)).digest('hex').slice(0, 32);
  const dir = join(root, 'build', 'contracts-cache');
  const file = join(dir, `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const result = compile(settings);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file + `.${process.pid}`, JSON.stringify(result));
  renameSync(file + `.${process.pid}`, file);
  return result;
}

/** Compiles contracts/src; returns {artifacts: {Name: artifact}, warnings}. Throws with solc's messages on any error. */
export function compile(settings = settingsFromEnv()) {
  const input = { language: 'Solidity', sources: readSources(), settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error('solc failed:\n' + errors.map((e) => e.formattedMessage).join('\n'));
  }
  const { outputSelection, ...recorded } = settings;
  const artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      if (artifacts[name]) throw new Error(`two contracts named ${name} (${file})`);
      artifacts[name] = {
        abi: c.abi,
        bytecode: '0x' + c.evm.bytecode.object,
        deployedBytecode: '0x' + c.evm.deployedBytecode.object,
        solcVersion: solc.version(),
        settings: recorded,
      };
    }
  }
  return { artifacts, warnings: (output.errors ?? []).filter((e) => e.severity !== 'error') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(root, 'build', 'contracts'));
  try {
    const { artifacts, warnings } = compile();
    for (const w of warnings) console.error(w.formattedMessage);
    mkdirSync(outDir, { recursive: true });
    for (const [name, a] of Object.entries(artifacts)) {
      writeFileSync(join(outDir, `${name}.json`), JSON.stringify(a, null, 2) + '\n');
    }
    console.log(`contracts: ${Object.keys(artifacts).length} artifacts in ${outDir} (solc ${solc.version()})`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
