#!/usr/bin/env node
// A minimal, independent verifier of verifiable ballots, written from docs/VERIFY.md alone (it
// shares no code with governance/verifiable/ nor with static/js/verifiable/): the second opinion
// that the document is enough. It imports only @noble/curves and @noble/hashes from node_modules.
//
//   node tools/verify-js/verify.mjs BALLOTS.json
//
// BALLOTS.json: {"election": {"id": E, "kind": "motion"|"approval", "key": y,
//                             "candidates": n, "min": lo, "max": hi},   (the last three: approval)
//                "ballots": [{"ballot": {...}, "tracker": "..."}, ...]}   (tracker optional)
// Exit 0: everything verifies. Exit 1: each fault printed, one a line ("ballot 2: not-0-or-1").
// Exit 2: the file cannot be read at all.
import { readFileSync } from 'node:fs';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

const P = ristretto255.Point;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const HEX = /^[0-9a-f]{64}$/;
const enc = new TextEncoder();

class Bad extends Error {}

const md = (a) => ((a % L) + L) % L;
const hex = (b) => Buffer.from(b).toString('hex');
const le = (b) => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);

function point(h) {
  if (typeof h !== 'string' || !HEX.test(h)) throw new Bad('point');
  let p;
  try {
    p = P.fromHex(h);
  } catch {
    throw new Bad('point');
  }
  if (hex(p.toBytes()) !== h) throw new Bad('point');
  return p;
}

function scalar(h) {
  if (typeof h !== 'string' || !HEX.test(h)) throw new Bad('scalar');
  const n = le(Buffer.from(h, 'hex'));
  if (n >= L) throw new Bad('scalar');
  return n;
}

// P^k with P^0 = identity^k = identity (noble refuses 0).
const pow = (p, k) => (md(k) === 0n || p.is0() ? P.ZERO : p.multiply(md(k)));
const g = (k) => pow(P.BASE, k);

function H(tag, ...items) {
  const parts = ['governance.verifiable.v1', tag, 'ristretto255', ...items].map((x) => {
    if (typeof x === 'string') return enc.encode(x);
    if (typeof x === 'number') {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt(x));
      return b;
    }
    return x.toBytes();
  });
  const framed = Buffer.concat(parts.flatMap((b) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    return [n, Buffer.from(b)];
  }));
  return md(le(sha512(framed)));
}

function pair(o) {
  if (!o || typeof o !== 'object' || Array.isArray(o) || Object.keys(o).sort().join() !== 'challenge,response') {
    throw new Bad('proof');
  }
  return [scalar(o.challenge), scalar(o.response)];
}

// §5.2: sum of c_j = H(range, context, y, alpha, beta, lo, hi, A_0, B_0, ...).
function rangeOk(y, alpha, beta, pairs, lo, hi, context) {
  if (pairs.length !== hi - lo + 1) return false;
  const commits = [];
  let total = 0n;
  pairs.forEach(([c, s], j) => {
    commits.push(g(s).subtract(pow(alpha, c)));
    commits.push(pow(y, s).subtract(pow(beta.subtract(g(BigInt(lo + j))), c)));
    total += c;
  });
  return H('range', context, y, alpha, beta, lo, hi, ...commits) === md(total);
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${canonical(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const trackerOf = (ballot) => hex(sha256(enc.encode(canonical(ballot))));

// §7.3: the fault codes of one ballot.
export function ballotFaults(b, e) {
  let options;
  let sum;
  try {
    const keys = b && typeof b === 'object' && !Array.isArray(b) ? Object.keys(b).sort().join() : '';
    if (keys !== 'choices,election,kind,sum_proof,version') throw new Bad('keys');
    if (b.version !== 1) return ['version']; // an unknown version: nothing more can be read
    if (typeof b.election !== 'string' || typeof b.kind !== 'string') throw new Bad('types');
    if (!Array.isArray(b.choices) || !Array.isArray(b.sum_proof)) throw new Bad('lists');
    options = b.choices.map((o) => {
      if (!o || typeof o !== 'object' || Object.keys(o).sort().join() !== 'alpha,beta,proof' || !Array.isArray(o.proof)) {
        throw new Bad('option');
      }
      return { alpha: point(o.alpha), beta: point(o.beta), proof: o.proof.map(pair) };
    });
    sum = b.sum_proof.map(pair);
  } catch (error) {
    if (error instanceof Bad) return ['malformed'];
    throw error;
  }
  const faults = [];
  if (b.election !== e.id) faults.push('wrong-election');
  if (b.kind !== e.kind) faults.push('wrong-kind');
  if (options.length !== e.options) faults.push('option-count');
  if (!options.every((o, k) => rangeOk(e.y, o.alpha, o.beta, o.proof, 0, 1, `${e.id}/ballot/choice/${k}`))) {
    faults.push('not-0-or-1');
  }
  const alpha = options.reduce((a, o) => a.add(o.alpha), P.ZERO);
  const beta = options.reduce((a, o) => a.add(o.beta), P.ZERO);
  if (!rangeOk(e.y, alpha, beta, sum, e.lo, e.hi, `${e.id}/ballot/sum`)) faults.push('sum-out-of-range');
  return faults;
}

export function election(o) {
  if (!o || typeof o.id !== 'string' || !o.id) throw new Bad('election id');
  const y = point(o.key);
  if (o.kind === 'motion') return { id: o.id, kind: 'motion', y, options: 3, lo: 1, hi: 1 };
  if (o.kind === 'approval' && [o.candidates, o.min, o.max].every(Number.isInteger) && 0 <= o.min && o.min <= o.max && o.max <= o.candidates) {
    return { id: o.id, kind: 'approval', y, options: o.candidates, lo: o.min, hi: o.max };
  }
  throw new Bad('election kind or bounds');
}

/** Every fault of a ballots file, as printable lines. */
export function verifyBallots(doc) {
  const e = election(doc.election);
  if (!Array.isArray(doc.ballots)) throw new Bad('ballots');
  const out = [];
  const seen = new Map();
  doc.ballots.forEach((entry, i) => {
    const b = entry?.ballot;
    for (const f of ballotFaults(b, e)) out.push(`ballot ${i}: ${f}`);
    if ('tracker' in (entry ?? {}) && entry.tracker !== trackerOf(b)) out.push(`ballot ${i}: tracker`);
    // §7.4: no two ballots share an alpha (reported once per ballot).
    const alphas = Array.isArray(b?.choices) ? b.choices.map((o) => o?.alpha) : [];
    const earlier = alphas.map((a) => seen.get(a)).find((j) => j !== undefined && j !== i);
    if (earlier !== undefined) out.push(`ballot ${i}: duplicate (of ballot ${earlier})`);
    for (const a of alphas) if (typeof a === 'string' && !seen.has(a)) seen.set(a, i);
  });
  return out;
}

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node tools/verify-js/verify.mjs BALLOTS.json');
    return 2;
  }
  let doc;
  try {
    doc = JSON.parse(readFileSync(argv[0], 'utf8'));
  } catch (error) {
    console.error(`cannot read ${argv[0]}: ${error.message}`);
    return 2;
  }
  let faults;
  try {
    faults = verifyBallots(doc);
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    console.log(`malformed: ${error.message}`);
    return 1;
  }
  for (const f of faults) console.log(f);
  if (faults.length) return 1;
  console.log(`verified: ${doc.ballots.length} ballot(s), no fault`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
