// Exponential ElGamal (docs/VERIFY.md §7.1): (alpha, beta) = (g^r, g^m · y^r).
import { G, gPow, gPowSmall, IDENTITY, mul, pointFromHex, pointHex } from './group.js';
import { randomScalar } from './random.js';

export function keyPair(source) {
  const x = randomScalar(source);
  return { x, y: gPow(x) };
}

export function encrypt(y, m, r) {
  return { alpha: gPow(r), beta: gPowSmall(m).add(mul(y, r)) };
}

/** The component-wise product of ciphertexts; of none, (identity, identity). */
export function combine(ciphertexts) {
  let alpha = IDENTITY;
  let beta = IDENTITY;
  for (const c of ciphertexts) {
    alpha = alpha.add(c.alpha);
    beta = beta.add(c.beta);
  }
  return { alpha, beta };
}

export const ciphertextJson = (c) => ({ alpha: pointHex(c.alpha), beta: pointHex(c.beta) });
export const ciphertextFromJson = (o) => ({ alpha: pointFromHex(o.alpha), beta: pointFromHex(o.beta) });
export { G };
