// The EIP-712 types of what the enclave signs (enclave-tls/README.md), for the
// ethers-based checks: the test referee and the demo.
import { TypedDataEncoder } from "ethers";

export const reportTypes = {
  Report: [
    { name: "feedId", type: "bytes32" },
    { name: "requestId", type: "bytes32" },
    { name: "round", type: "uint64" },
    { name: "value", type: "int256" },
    { name: "data", type: "bytes" },
    { name: "observedAt", type: "uint64" },
    { name: "sourcesHash", type: "bytes32" },
  ],
};

export const sourceTypes = {
  SourceCommitment: [
    { name: "host", type: "string" },
    { name: "port", type: "uint16" },
    { name: "spkiHash", type: "bytes32" },
    { name: "requestHash", type: "bytes32" },
    { name: "status", type: "uint16" },
    { name: "bodyHash", type: "bytes32" },
    { name: "value", type: "int256" },
    { name: "data", type: "bytes" },
    { name: "outcome", type: "uint16" },
  ],
};

// The digest of one report of an enclave result, from the result's semantic fields.
export function reportDigest(result, report) {
  const domain = {
    name: "AttestedOracle",
    version: "1",
    chainId: BigInt(report.chain_id),
    verifyingContract: report.verifying_contract,
  };
  const message = {
    feedId: result.feed_id,
    requestId: result.request_id,
    round: BigInt(result.round),
    value: BigInt(result.value),
    data: result.data,
    observedAt: BigInt(result.observed_at),
    sourcesHash: result.sources_hash,
  };
  return TypedDataEncoder.hash(domain, reportTypes, message);
}
