// Checks that the sim backend's hand-written view of the EDL (sim/oracle_enclave_t.h,
// sim/oracle_enclave_u.h, sim/bridge.c) declares exactly the functions of
// oracle_enclave.edl, with the same parameters in the same order, as oeedger8r
// would generate them for the openenclave backend.
//   node tests/check_edl.mjs ENCLAVE_TLS_DIR
import { readFileSync } from "node:fs";

const dir = process.argv[2];
const read = (p) => readFileSync(`${dir}/${p}`, "utf8").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
const params = (list) =>
  list.replace(/\[[^\]]*\]/g, "").split(",").map((p) => p.trim()).filter((p) => p && p !== "void")
    .map((p) => p.match(/([A-Za-z_][A-Za-z0-9_]*)\s*$/)[1]);

// name -> parameter names, for every function of a C-like text
function functions(text, prefix) {
  const out = new Map();
  const re = new RegExp(`\\b(${prefix}[A-Za-z0-9_]*)\\s*\\(([^;{)]*)\\)\\s*[;{]`, "g");
  for (const m of text.matchAll(re)) out.set(m[1], params(m[2]));
  return out;
}

const edl = read("oracle_enclave.edl");
const trustedBlock = edl.slice(edl.indexOf("trusted {"), edl.indexOf("untrusted {"));
const untrustedBlock = edl.slice(edl.indexOf("untrusted {"));
const ecalls = functions(trustedBlock, "oracle_ecall_");
const ocalls = functions(untrustedBlock, "oracle_ocall_");
const failures = [];
const expect = (cond, msg) => { if (!cond) failures.push(msg); };
expect(ecalls.size >= 3 && ocalls.size >= 6, `EDL parse found ${ecalls.size} ECALLs and ${ocalls.size} OCALLs`);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const u = read("sim/oracle_enclave_u.h");
const t = read("sim/oracle_enclave_t.h");
const bridge = read("sim/bridge.c");
const uEcalls = functions(u, "oracle_ecall_"), uOcalls = functions(u, "oracle_ocall_");
const tDecls = functions(t, "oracle_"), bridgeDefs = functions(bridge, "oracle_");

for (const [name, ps] of ecalls) {
  // host side: (enclave, _retval, params...); trusted side: (params...)
  expect(same(uEcalls.get(name), ["enclave", "_retval", ...ps]), `${name}: oracle_enclave_u.h differs from the EDL`);
  expect(same(tDecls.get(name), ps), `${name}: oracle_enclave_t.h differs from the EDL`);
  expect(t.includes(`#define ${name} oracle_sim_t_${name.slice(7)}`), `${name}: no rename in oracle_enclave_t.h`);
  expect(same(bridgeDefs.get(name), ["enclave", "_retval", ...ps]), `${name}: not bridged in sim/bridge.c`);
}
for (const [name, ps] of ocalls) {
  const returnsValue = !new RegExp(`void\\s+${name}\\s*\\(`).test(untrustedBlock);
  expect(same(uOcalls.get(name), ps), `${name}: oracle_enclave_u.h differs from the EDL`);
  expect(same(tDecls.get(name), returnsValue ? ["_retval", ...ps] : ps), `${name}: oracle_enclave_t.h differs from the EDL`);
  expect(t.includes(`#define ${name} oracle_sim_t_${name.slice(7)}`), `${name}: no rename in oracle_enclave_t.h`);
  expect(bridgeDefs.has(`oracle_sim_t_${name.slice(7)}`), `${name}: not bridged in sim/bridge.c`);
}
for (const name of [...uEcalls.keys(), ...uOcalls.keys()])
  expect(ecalls.has(name) || ocalls.has(name), `${name}: in oracle_enclave_u.h but not in the EDL`);

if (failures.length) {
  console.error("sim backend and oracle_enclave.edl disagree:\n  " + failures.join("\n  "));
  process.exit(1);
}
console.log(`sim backend matches oracle_enclave.edl: ${ecalls.size} ECALLs, ${ocalls.size} OCALLs`);
