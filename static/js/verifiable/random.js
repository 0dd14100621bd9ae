// Randomness (docs/VERIFY.md §9): a source is a function n -> n bytes. A random scalar is 64 bytes
// from the source, read little-endian, reduced mod L. Real ballots use the browser's CSPRNG; the
// seeded source exists only to reproduce the known-answer vectors byte for byte.
import { intLE, mod } from './group.js';
import { sha512 } from './noble.js';

export function systemRandom(n) {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

export function randomScalar(source = systemRandom) {
  const bytes = source(64);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 64) throw new Error('a randomness source must return the bytes asked for');
  return mod(intLE(bytes));
}

/** SHA-512(seed ‖ counter as 8 bytes big-endian) in counter mode. For tests, never for ballots. */
export function seededSource(seed) {
  const seedBytes = new TextEncoder().encode(seed);
  let counter = 0n;
  let buffer = new Uint8Array(0);
  return (n) => {
    while (buffer.length < n) {
      const input = new Uint8Array(seedBytes.length + 8);
      input.set(seedBytes);
      new DataView(input.buffer).setBigUint64(seedBytes.length, counter, false);
      counter += 1n;
      const block = sha512(input);
      const joined = new Uint8Array(buffer.length + block.length);
      joined.set(buffer);
      joined.set(block, buffer.length);
      buffer = joined;
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}
