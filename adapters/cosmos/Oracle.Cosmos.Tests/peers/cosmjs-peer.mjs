// The cosmjs side of the differential tests: one process for a whole batch of cases.
// node cosmjs-peer.mjs REPO_ROOT CASES_JSON  -> JSON array of results on stdout, one per case, in order.
// Each case carries the inputs (mnemonic, path, prefix, chain id, account number, sequence, memo, messages, fee,
// timeout height) and the C# outputs to verify (signatures); each result carries what cosmjs computes.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [root, casesPath] = process.argv.slice(2);
const require = createRequire(path.join(root, "package.json"));
const ps = require("@cosmjs/proto-signing");
const amino = require("@cosmjs/amino");
const { stringToPath, Secp256k1, Secp256k1Signature, sha256 } = require("@cosmjs/crypto");
const { toHex, fromHex, fromBase64, toUtf8 } = require("@cosmjs/encoding");
const { TxRaw } = require("cosmjs-types/cosmos/tx/v1beta1/tx");
const { MsgSend } = require("cosmjs-types/cosmos/bank/v1beta1/tx");
const { MsgExecuteContract } = require("cosmjs-types/cosmwasm/wasm/v1/tx");

const registry = new ps.Registry([
  ["/cosmos.bank.v1beta1.MsgSend", MsgSend],
  ["/cosmwasm.wasm.v1.MsgExecuteContract", MsgExecuteContract],
]);

// verifySignature is async in some cosmjs lines and sync in others: await covers both.
async function verify(pubkey, signatureHex, message) {
  try {
    return await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(fromHex(signatureHex)), sha256(message), pubkey);
  } catch {
    return false;
  }
}

function tamper(bytes) {
  const copy = new Uint8Array(bytes);
  copy[copy.length >> 1] ^= 0x01;
  return copy;
}

async function one(c) {
  const hdPaths = [stringToPath(c.path)];
  const wallet = await ps.DirectSecp256k1HdWallet.fromMnemonic(c.mnemonic, { hdPaths, prefix: c.prefix, bip39Password: c.passphrase });
  const [account] = await wallet.getAccounts();
  const protoMsgs = c.msgs.map((m) => m.kind === "send"
    ? { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.fromPartial({ fromAddress: m.from, toAddress: m.to, amount: m.amount }) }
    : { typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract", value: MsgExecuteContract.fromPartial({ sender: m.sender, contract: m.contract, msg: toUtf8(m.msg), funds: m.funds }) });
  const bodyBytes = registry.encodeTxBody({ messages: protoMsgs, memo: c.memo, timeoutHeight: BigInt(c.timeoutHeight) });
  const pubkey = ps.encodePubkey(amino.encodeSecp256k1Pubkey(account.pubkey));
  const authInfoBytes = ps.makeAuthInfoBytes([{ pubkey, sequence: BigInt(c.sequence) }], c.fee.amount, BigInt(c.fee.gas),
    c.fee.granter === "" ? undefined : c.fee.granter, c.fee.payer === "" ? undefined : c.fee.payer);
  const signDoc = ps.makeSignDoc(bodyBytes, authInfoBytes, c.chainId, BigInt(c.accountNumber));
  const signBytes = ps.makeSignBytes(signDoc);
  const { signature } = await wallet.signDirect(account.address, signDoc);
  const sig = fromBase64(signature.signature);
  const txRaw = TxRaw.encode(TxRaw.fromPartial({ bodyBytes, authInfoBytes, signatures: [sig] })).finish();

  // Amino JSON: the same transaction as a StdSignDoc, signed by Secp256k1HdWallet.signAmino.
  const aminoWallet = await amino.Secp256k1HdWallet.fromMnemonic(c.mnemonic, { hdPaths, prefix: c.prefix, bip39Password: c.passphrase });
  const aminoMsgs = c.msgs.map((m) => m.kind === "send"
    ? { type: "cosmos-sdk/MsgSend", value: { from_address: m.from, to_address: m.to, amount: m.amount } }
    : { type: "wasm/MsgExecuteContract", value: { sender: m.sender, contract: m.contract, msg: JSON.parse(m.msg), funds: m.funds } });
  const fee = { amount: c.fee.amount, gas: c.fee.gas };
  if (c.fee.granter !== "") fee.granter = c.fee.granter;
  if (c.fee.payer !== "") fee.payer = c.fee.payer;
  const stdSignDoc = amino.makeSignDoc(aminoMsgs, fee, c.chainId, c.memo, c.accountNumber, c.sequence, BigInt(c.timeoutHeight));
  const aminoBytes = amino.serializeSignDoc(stdSignDoc);
  const aminoSigned = await aminoWallet.signAmino(account.address, stdSignDoc);
  const aminoSig = fromBase64(aminoSigned.signature.signature);

  return {
    address: account.address,
    pubkey: toHex(account.pubkey),
    bodyBytes: toHex(bodyBytes),
    authInfoBytes: toHex(authInfoBytes),
    signBytes: toHex(signBytes),
    signature: toHex(sig),
    txRaw: toHex(txRaw),
    aminoSignBytes: toHex(aminoBytes),
    aminoSignature: toHex(aminoSig),
    // Verdicts on the C# signatures: each must be accepted over the C# sign bytes and rejected over a tampered copy.
    acceptsOursDirect: (await verify(account.pubkey, c.ours.signature, fromHex(c.ours.signBytes))) === true,
    rejectsTamperedDirect: (await verify(account.pubkey, c.ours.signature, tamper(fromHex(c.ours.signBytes)))) === false,
    acceptsOursAmino: (await verify(account.pubkey, c.ours.aminoSignature, fromHex(c.ours.aminoSignBytes))) === true,
    rejectsTamperedAmino: (await verify(account.pubkey, c.ours.aminoSignature, tamper(fromHex(c.ours.aminoSignBytes)))) === false,
  };
}

const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const results = [];
for (const c of cases) {
  try {
    results.push(await one(c));
  } catch (e) {
    results.push({ error: String(e && e.stack || e) });
  }
}
process.stdout.write(JSON.stringify(results));
