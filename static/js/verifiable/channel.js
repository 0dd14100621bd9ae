// The private channel of the key ceremony (docs/VERIFY.md §6.1): a share dealt by trustee i for
// trustee j, relayed by a server that cannot read it. j's ceremony key is (k_j, P_j = g^(k_j)),
// published with a proof of knowledge in context `C/trustee/j/key`; dealer i draws e and sends
// E = g^e and m = s_ij + H(share, C, i, j, P_j, E, P_j^e) mod L; j recomputes the mask from
// E^(k_j), subtracts it and checks the share against i's Feldman commitment (trustee.js).
// A port of governance/verifiable/channel.py, byte for byte.
import { challenge } from './hash.js';
import { gPow, Malformed, mod, mul, pointFromHex, pointHex, scalarFromHex, scalarHex } from './group.js';
import { proveKey, verifyKey } from './proofs.js';
import { randomScalar, systemRandom } from './random.js';
import { verifyShare } from './trustee.js';

export const ceremonyKeyContext = (context, j) => `${context}/trustee/${j}/key`;

/** A fresh ceremony key pair {secret, public} and its proof {c, s}. Draws k, then the proof's w. */
export function makeCeremonyKey(context, j, source = systemRandom) {
  const secret = randomScalar(source);
  if (secret === 0n) throw new Error('drew the zero scalar: draw again');
  const proof = proveKey(secret, ceremonyKeyContext(context, j), source);
  return { key: { secret, public: gPow(secret) }, proof };
}

/** What is wrong with a published ceremony key ([] when nothing). */
export function ceremonyKeyFaults(publicKey, proof, context, j) {
  if (publicKey.is0()) return ['the ceremony key is the identity, which would make every share public'];
  if (!verifyKey(publicKey, proof, ceremonyKeyContext(context, j))) return ['the proof of knowledge of the ceremony key fails'];
  return [];
}

/** H(share, C, i, j, P_j, E, K) with K = P_j^e = E^(k_j): the one-time pad of the share. */
export const shareMask = (context, dealer, recipient, recipientKey, ephemeral, shared) =>
  challenge('share', context, { int: dealer }, { int: recipient }, recipientKey, ephemeral, shared);

/** Dealer i masks share s for trustee j, whose ceremony public key is P_j. Draws e. */
export function encryptShare(share, context, dealer, recipient, recipientKey, source = systemRandom) {
  if (recipientKey.is0()) throw new Error("the recipient's ceremony key is the identity");
  const e = randomScalar(source);
  if (e === 0n) throw new Error('drew the zero scalar: draw again');
  const ephemeral = gPow(e);
  const mask = shareMask(context, dealer, recipient, recipientKey, ephemeral, mul(recipientKey, e));
  return { dealer, recipient, ephemeral, masked: mod(share + mask) };
}

/** Trustee j recovers s_ij = m − H(share, C, i, j, P_j, E, E^(k_j)) mod L. */
export function decryptShare(encrypted, context, key) {
  const shared = mul(encrypted.ephemeral, key.secret);
  return mod(encrypted.masked - shareMask(context, encrypted.dealer, encrypted.recipient, key.public, encrypted.ephemeral, shared));
}

/** Unmask and check against the dealer's commitment: the share, or null (complain about the dealer). */
export function receiveShare(encrypted, context, key, commitment) {
  if (encrypted.ephemeral.is0() || commitment.trustee !== encrypted.dealer) return null;
  const share = decryptShare(encrypted, context, key);
  return verifyShare(commitment, encrypted.recipient, share) ? share : null;
}

export const encryptedShareJson = ({ dealer, recipient, ephemeral, masked }) => ({
  from: dealer,
  to: recipient,
  ephemeral: pointHex(ephemeral),
  masked: scalarHex(masked),
});

const isTrustee = (v) => Number.isInteger(v) && v >= 1;

/** The relayed form back, strictly: exactly from, to, ephemeral and masked. Throws Malformed. */
export function encryptedShareFromJson(o) {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Malformed('an encrypted share is an object');
  if (Object.keys(o).sort().join() !== 'ephemeral,from,masked,to') {
    throw new Malformed('an encrypted share has exactly from, to, ephemeral and masked');
  }
  if (!isTrustee(o.from) || !isTrustee(o.to)) throw new Malformed('from and to are trustee numbers, from 1');
  return { dealer: o.from, recipient: o.to, ephemeral: pointFromHex(o.ephemeral), masked: scalarFromHex(o.masked) };
}
