// Differential peer: ethers 6 computes the same things as Oracle.Evm.
// Usage: node ethers_peer.mjs <repo-root>  (stdin: JSON array of cases; stdout: JSON array of results, same order).
// Each case is {kind, ...}; a case that ethers rejects gives {error: message}.
import { createRequire } from "node:module";
import path from "node:path";

const repoRoot = process.argv[2];
if (!repoRoot) throw new Error("usage: node ethers_peer.mjs <repo-root>");
const require = createRequire(path.join(repoRoot, "package.json"));
const ethers = require("ethers");
const { AbiCoder, Transaction, SigningKey, TypedDataEncoder, Interface } = ethers;
const coder = AbiCoder.defaultAbiCoder();

// RLP trees: hex strings are byte strings, {i: "decimal"} are integers, arrays are lists.
const rlpTree = (node) =>
  Array.isArray(node) ? node.map(rlpTree) : typeof node === "string" ? node : ethers.hexlify(ethers.toBeArray(BigInt(node.i)));

// ABI values: {i: "decimal"} are integers; arrays are tuples/arrays; everything else as is.
// Plain objects (EIP-712 struct values) are mapped field by field.
const abiValue = (v) =>
  Array.isArray(v)
    ? v.map(abiValue)
    : v !== null && typeof v === "object"
      ? "i" in v && Object.keys(v).length === 1
        ? BigInt(v.i)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, abiValue(x)]))
      : v;
const plain = (v) =>
  typeof v === "bigint" ? { i: v.toString() } : Array.isArray(v) || (v && typeof v.toArray === "function") ? Array.from(v).map(plain) : v;

const handlers = {
  rlp: (c) => ({ encoded: ethers.encodeRlp(rlpTree(c.tree)) }),
  key: (c) => {
    const key = new SigningKey(c.privateKey);
    const sig = key.sign(c.digest);
    return {
      publicKey: key.publicKey, // 0x04 || x || y
      address: ethers.computeAddress(key.publicKey),
      r: sig.r,
      s: sig.s,
      v: sig.yParity,
      recovered: ethers.recoverAddress(c.digest, sig),
    };
  },
  checksum: (c) => ({ address: ethers.getAddress(c.address) }),
  tx: (c) => {
    const tx = Transaction.from({
      type: 2,
      chainId: BigInt(c.chainId),
      nonce: Number(c.nonce),
      maxPriorityFeePerGas: BigInt(c.maxPriorityFeePerGas),
      maxFeePerGas: BigInt(c.maxFeePerGas),
      gasLimit: BigInt(c.gasLimit),
      to: c.to,
      value: BigInt(c.value),
      data: c.data,
      accessList: c.accessList,
    });
    const unsignedHash = tx.unsignedHash;
    tx.signature = new SigningKey(c.privateKey).sign(unsignedHash);
    return { unsignedHash, serialized: tx.serialized, hash: tx.hash, r: tx.signature.r, s: tx.signature.s, v: tx.signature.yParity, from: tx.from };
  },
  abiEncode: (c) => ({ encoded: coder.encode(c.types, abiValue(c.values)) }),
  abiDecode: (c) => ({ values: plain(coder.decode(c.types, c.data)) }),
  eip712: (c) => ({ digest: TypedDataEncoder.hash(c.domain, c.types, abiValue(c.value)), encodeType: TypedDataEncoder.from(c.types).encodeType(TypedDataEncoder.getPrimaryType(c.types)) }),
  error: (c) => {
    const iface = new Interface([`error ${c.signature}`]);
    const fragment = iface.fragments[0];
    return { data: iface.encodeErrorResult(fragment, abiValue(c.args)), selector: fragment.selector };
  },
  parseError: (c) => {
    const iface = new Interface(c.signatures.map((s) => `error ${s}`));
    const parsed = iface.parseError(c.data);
    return parsed ? { name: parsed.name, args: plain(parsed.args) } : { name: null };
  },
  log: (c) => {
    const iface = new Interface([`event ${c.signature}`]);
    const fragment = iface.fragments[0];
    const { data, topics } = iface.encodeEventLog(fragment, abiValue(c.args));
    return { data, topics };
  },
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = cases.map((c) => {
  try {
    return handlers[c.kind](c);
  } catch (e) {
    return { error: String(e.shortMessage ?? e.message ?? e) };
  }
});
process.stdout.write(JSON.stringify(results));
