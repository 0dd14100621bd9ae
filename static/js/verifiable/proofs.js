// The zero-knowledge proofs of docs/VERIFY.md §5, each a (challenge, response) pair or a list of
// them. Responses are always w + witness·c. The verifier recomputes the commitments.
import { challenge } from './hash.js';
import { G, gPow, gPowSmall, Malformed, mod, mul, scalarFromHex, scalarHex } from './group.js';
import { randomScalar } from './random.js';

export const pairJson = ({ c, s }) => ({ challenge: scalarHex(c), response: scalarHex(s) });

export function pairFromJson(o) {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Malformed('a proof is an object');
  const keys = Object.keys(o).sort();
  if (keys.length !== 2 || keys[0] !== 'challenge' || keys[1] !== 'response') {
    throw new Malformed('a proof has exactly "challenge" and "response"');
  }
  return { c: scalarFromHex(o.challenge), s: scalarFromHex(o.response) };
}

// §5.1 Schnorr proof of knowledge of x with X = g^x (tag "pok").
export function proveKey(x, context, source) {
  const X = gPow(x);
  const w = randomScalar(source);
  const c = challenge('pok', context, X, gPow(w));
  return { c, s: mod(w + c * x) };
}

export function verifyKey(X, { c, s }, context) {
  const A = gPow(s).subtract(mul(X, c));
  return challenge('pok', context, X, A) === c;
}

// §5.2 Range proof that (alpha, beta) encrypts some m in lo..hi under y (tag "range").
function rangeItems(context, y, ct, lo, hi, commitments) {
  return [context, y, ct.alpha, ct.beta, { int: lo }, { int: hi }, ...commitments.flat()];
}

export function proveRange(y, ct, r, m, lo, hi, context, source) {
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && lo <= hi)) throw new Error('need 0 ≤ lo ≤ hi');
  if (!(Number.isInteger(m) && lo <= m && m <= hi)) throw new Error('the value is outside the range: no proof exists');
  const pairs = [];
  const commitments = [];
  let w = 0n;
  const i = m - lo;
  for (let j = 0; j <= hi - lo; j++) {
    if (j === i) {
      w = randomScalar(source);
      pairs.push(null);
      commitments.push([gPow(w), mul(y, w)]);
    } else {
      const cj = randomScalar(source);
      const sj = randomScalar(source);
      pairs.push({ c: cj, s: sj });
      commitments.push(simulated(y, ct, lo + j, cj, sj));
    }
  }
  const c = challenge('range', ...rangeItems(context, y, ct, lo, hi, commitments));
  const others = pairs.reduce((sum, p) => (p ? sum + p.c : sum), 0n);
  const ci = mod(c - others);
  pairs[i] = { c: ci, s: mod(w + r * ci) };
  return pairs;
}

function simulated(y, ct, M, c, s) {
  const A = gPow(s).subtract(mul(ct.alpha, c));
  const B = mul(y, s).subtract(mul(ct.beta.subtract(gPowSmall(M)), c));
  return [A, B];
}

export function verifyRange(y, ct, pairs, lo, hi, context) {
  if (!Array.isArray(pairs) || pairs.length !== hi - lo + 1) return false;
  const commitments = pairs.map((p, j) => simulated(y, ct, lo + j, p.c, p.s));
  const total = mod(pairs.reduce((sum, p) => sum + p.c, 0n));
  return challenge('range', ...rangeItems(context, y, ct, lo, hi, commitments)) === total;
}

// §5.3 Decryption proof that D = alpha^x where X = g^x (tag "decrypt").
export function proveDecryption(x, y, ct, context, source) {
  const X = gPow(x);
  const D = mul(ct.alpha, x);
  const w = randomScalar(source);
  const c = challenge('decrypt', context, y, X, ct.alpha, ct.beta, D, gPow(w), mul(ct.alpha, w));
  return { factor: D, proof: { c, s: mod(w + c * x) } };
}

export function verifyDecryption(X, y, ct, D, { c, s }, context) {
  const A = gPow(s).subtract(mul(X, c));
  const B = mul(ct.alpha, s).subtract(mul(D, c));
  return challenge('decrypt', context, y, X, ct.alpha, ct.beta, D, A, B) === c;
}

export { G };
