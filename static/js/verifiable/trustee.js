// The threshold key (docs/VERIFY.md §6) and partial decryption (§8.2), for trustees' browsers:
// dealing a polynomial with its public commitment, the share for each other trustee and its
// Feldman check, one's key share, the verification keys and the election key, and a partial
// decryption of a tally line with its proof. (The channel that carries shares, §6.1, is channel.js.)
import { gPow, IDENTITY, mod, mul, pointFromHex, pointHex } from './group.js';
import { pairFromJson, pairJson, proveDecryption, proveKey, verifyKey } from './proofs.js';
import { randomScalar, systemRandom } from './random.js';

export const coefficientContext = (id, i) => `${id}/trustee/${i}/coefficient`;
export const decryptionContext = (id, j, label) => `${id}/trustee/${j}/decrypt/${label}`;

/** Trustee i of n deals t of n: draws a_0..a_(t-1), then the proof's w. Keep `polynomial` secret. */
export function deal(election, i, t, n, source = systemRandom) {
  if (!(Number.isInteger(t) && Number.isInteger(n) && t >= 1 && t <= n)) throw new Error('need 1 ≤ t ≤ n');
  if (!(Number.isInteger(i) && i >= 1 && i <= n)) throw new Error('trustees are numbered 1..n');
  const polynomial = Array.from({ length: t }, () => randomScalar(source));
  const proof = proveKey(polynomial[0], coefficientContext(election, i), source);
  const commitment = { trustee: i, coefficients: polynomial.map((a) => pointHex(gPow(a))), proof: pairJson(proof) };
  return { polynomial, commitment };
}

/** s_ij = f_i(j) mod L, the share trustee i sends (privately) to trustee j. */
export function shareFor(polynomial, j) {
  let value = 0n;
  for (let k = polynomial.length - 1; k >= 0; k--) value = mod(value * BigInt(j) + polynomial[k]);
  return value;
}

/** Π_k A_k^(z^k): g^f(z) from a commitment's coefficients. */
export function evaluateCommitment(commitment, z) {
  let total = IDENTITY;
  let power = 1n;
  for (const A of commitment.coefficients.map(pointFromHex)) {
    total = total.add(mul(A, power));
    power = mod(power * BigInt(z));
  }
  return total;
}

/** The Feldman check trustee j makes of the share s it received from `commitment`'s trustee. */
export function verifyShare(commitment, j, s) {
  return gPow(s).equals(evaluateCommitment(commitment, j));
}

/** §6 step 1: the faults of one commitment for threshold t ([] when it is sound). */
export function commitmentFaults(commitment, t, election) {
  const faults = [];
  const coefficients = commitment.coefficients.map(pointFromHex);
  if (coefficients.length !== t) faults.push('commitment-size');
  if (!coefficients.length) return [...faults, 'key-proof'];
  if (coefficients[0].is0()) faults.push('key-part-identity');
  if (!verifyKey(coefficients[0], pairFromJson(commitment.proof), coefficientContext(election, commitment.trustee))) {
    faults.push('key-proof');
  }
  return faults;
}

/** x_j = Σ_i s_ij over the shares trustee j received (its own included). */
export const keyShare = (shares) => mod(shares.reduce((a, b) => a + b, 0n));

export const electionKey = (commitments) => commitments.reduce((y, c) => y.add(pointFromHex(c.coefficients[0])), IDENTITY);

export const verificationKey = (commitments, j) => commitments.reduce((X, c) => X.add(evaluateCommitment(c, j)), IDENTITY);

/** §8.2: trustee j's partial decryption of one tally line (a ciphertext), with its proof. */
export function partialDecrypt(xj, y, line, election, j, label, source = systemRandom) {
  const { factor, proof } = proveDecryption(xj, y, line, decryptionContext(election, j, label), source);
  return { trustee: j, factor: pointHex(factor), proof: pairJson(proof) };
}


