// The peer: @cosmjs/proto-signing building and signing the same MsgSend transactions (DirectSecp256k1Wallet.signDirect).
// node bench/ibc/cosmos-tx/cosmjs.mjs REPO_ROOT INPUTS_JSON WINDOWS WINDOW_MS -> {"rates":[...],"firstTxRaw":"..."}
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [root, inputsPath, windows, windowMs] = process.argv.slice(2);
const require = createRequire(path.join(root, "package.json"));
const ps = require("@cosmjs/proto-signing");
const { encodeSecp256k1Pubkey } = require("@cosmjs/amino");
const { fromHex, fromBase64, toHex } = require("@cosmjs/encoding");
const { TxRaw } = require("cosmjs-types/cosmos/tx/v1beta1/tx");
const { MsgSend } = require("cosmjs-types/cosmos/bank/v1beta1/tx");

const input = JSON.parse(readFileSync(inputsPath, "utf8"));
const wallet = await ps.DirectSecp256k1Wallet.fromKey(fromHex(input.privateKey), input.prefix);
const [account] = await wallet.getAccounts();
const pubkey = ps.encodePubkey(encodeSecp256k1Pubkey(account.pubkey));
const registry = new ps.Registry([["/cosmos.bank.v1beta1.MsgSend", MsgSend]]);
const accountNumber = BigInt(input.accountNumber);

async function once(t) {
  const bodyBytes = registry.encodeTxBody({
    messages: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.fromPartial({ fromAddress: account.address, toAddress: t.to, amount: [{ denom: t.denom, amount: t.amount }] }) }],
    memo: t.memo,
  });
  const authInfoBytes = ps.makeAuthInfoBytes([{ pubkey, sequence: BigInt(t.sequence) }], [{ denom: "uatom", amount: t.feeAmount }], BigInt(t.gas), undefined, undefined);
  const signDoc = ps.makeSignDoc(bodyBytes, authInfoBytes, input.chainId, accountNumber);
  const { signature } = await wallet.signDirect(account.address, signDoc);
  return TxRaw.encode(TxRaw.fromPartial({ bodyBytes, authInfoBytes, signatures: [fromBase64(signature.signature)] })).finish();
}

const txs = input.txs;
const firstTxRaw = toHex(await once(txs[0]));
let i = 0;
for (let end = Date.now() + 1000; Date.now() < end;) await once(txs[i++ % txs.length]); // warm-up
const rates = [];
for (let w = 0; w < Number(windows); w++) {
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Number(windowMs)) * 1000000n;
  let t = start;
  while (t < until) { await once(txs[i++ % txs.length]); n++; t = process.hrtime.bigint(); }
  rates.push(n / (Number(t - start) / 1e9));
}
console.log(JSON.stringify({ rates, firstTxRaw }));
