// The challenge hash of docs/VERIFY.md §4.1:
// H(tag, items...) = int_le(SHA-512(F(PROTOCOL) ‖ F(tag) ‖ F(GROUP) ‖ F(item)...)) mod L,
// F(x) = 4-byte big-endian length ‖ x. Items: a point (32 bytes), a string (UTF-8), a small integer
// (8 bytes big-endian, written here as {int: n}).
import { intLE, mod } from './group.js';
import { sha512 } from './noble.js';

const encoder = new TextEncoder();
export const PROTOCOL = 'governance.verifiable.v1';
export const GROUP = 'ristretto255';

function itemBytes(item) {
  if (typeof item === 'string') return encoder.encode(item);
  if (item && typeof item === 'object' && 'int' in item) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(item.int), false);
    return out;
  }
  if (item && typeof item.toBytes === 'function') return item.toBytes();
  throw new Error('a hashed item is a point, a string or {int: n}');
}

/** The bytes SHA-512 reads, for tests that compare them with the document's worked example. */
export function framed(tag, items) {
  const parts = [PROTOCOL, tag, GROUP, ...items].map(itemBytes);
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length, false);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

export function challenge(tag, ...items) {
  return mod(intLE(sha512(framed(tag, items))));
}
