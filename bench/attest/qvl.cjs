// The peer: @phala/dcap-qvl (pure JavaScript) verifying the same quote with the same collateral.
// node bench/attest/qvl.cjs QUOTE COLLATERAL_JSON UNIX_TIME WINDOWS WINDOW_MS -> {"rates":[...],"status":...}
const fs = require('fs');
const { verify } = require('@phala/dcap-qvl');
const [quotePath, collateralPath, at, windows, windowMs] = process.argv.slice(2);
const quote = fs.readFileSync(quotePath);
const collateral = JSON.parse(fs.readFileSync(collateralPath, 'utf8'));
const now = Number(at);
const result = verify(quote, collateral, now);
for (let end = Date.now() + 1000; Date.now() < end;) verify(quote, collateral, now); // warm-up
const rates = [];
for (let w = 0; w < Number(windows); w++) {
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Number(windowMs)) * 1000000n;
  let t = start;
  while (t < until) { verify(quote, collateral, now); n++; t = process.hrtime.bigint(); }
  rates.push(n / (Number(t - start) / 1e9));
}
console.log(JSON.stringify({ rates, status: result.status, advisory_ids: result.advisory_ids }));
