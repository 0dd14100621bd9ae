// ristretto255 as docs/VERIFY.md §3 describes it: points and scalars, their 32-byte encodings and
// their 64-character lower-case hex in JSON. Written multiplicatively in the docs, additively here.
import { ristretto255 } from './noble.js';

const Point = ristretto255.Point;

/** The group order L = 2^252 + 27742317777372353535851937790883648493. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;
export const G = Point.BASE;
export const IDENTITY = Point.ZERO;

const HEX64 = /^[0-9a-f]{64}$/;

export class Malformed extends Error {}

export function mod(a) {
  const r = a % L;
  return r < 0n ? r + L : r;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 || !/^[0-9a-f]*$/.test(hex)) {
    throw new Malformed('not lower-case hexadecimal');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Little-endian bytes to an unsigned integer. */
export function intLE(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

export function scalarToBytes(s) {
  const out = new Uint8Array(32);
  let n = mod(s);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** A scalar from 32 bytes; refuses a value ≥ L (it would give one scalar two encodings). */
export function scalarFromBytes(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new Malformed('a scalar is 32 bytes');
  const n = intLE(bytes);
  if (n >= L) throw new Malformed('scalar not below L');
  return n;
}

export const scalarHex = (s) => bytesToHex(scalarToBytes(s));

export function scalarFromHex(hex) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) throw new Malformed('a scalar is 64 lower-case hex characters');
  return scalarFromBytes(hexToBytes(hex));
}

export const pointToBytes = (p) => p.toBytes();
export const pointHex = (p) => bytesToHex(p.toBytes());

/** RFC 9496 §4.3.1 decoding: anything but a canonical encoding is refused. */
export function pointFromBytes(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new Malformed('a point is 32 bytes');
  let p;
  try {
    p = Point.fromBytes(bytes);
  } catch {
    throw new Malformed('not the canonical encoding of a ristretto255 point');
  }
  // Belt and braces: decoding then encoding must give the same bytes.
  const again = p.toBytes();
  for (let i = 0; i < 32; i++) if (again[i] !== bytes[i]) throw new Malformed('non-canonical point');
  return p;
}

export function pointFromHex(hex) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) throw new Malformed('a point is 64 lower-case hex characters');
  return pointFromBytes(hexToBytes(hex));
}

/** P^k, with P^0 and identity^k the identity (noble refuses to multiply by 0). */
export function mul(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  return point.multiply(s);
}

export const gPow = (k) => mul(G, k);

/** g^m for a small m ≥ 0 without a branch on m: g^(m+1) / g (m + 1 is never 0). */
export function gPowSmall(m) {
  return G.multiply(BigInt(m) + 1n).subtract(G);
}

export function pointEquals(a, b) {
  return a.equals(b);
}
