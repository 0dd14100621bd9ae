#!/usr/bin/env node
// A minimal, independent verifier of verifiable votes, written from docs/VERIFY.md alone (it
// shares no code with governance/verifiable/ nor with static/js/verifiable/): the second opinion
// that the document is enough. It imports only @noble/curves and @noble/hashes from node_modules.
//
//   node tools/verify-js/verify.mjs [--json] RECORD.json            a whole record (§10.2)
//   node tools/verify-js/verify.mjs [--json] --ballots BALLOTS.json ballots alone (§7.3-7.5)
//
// BALLOTS.json: {"election": {"id": E, "kind": "motion"|"approval", "key": y,
//                             "candidates": n, "min": m, "max": M},   (the last three: approval)
//                "ballots": [{"ballot": {...}, "tracker": "..."}, ...]}   (tracker optional)
// Exit 0: everything verifies. Exit 1: faults, printed "<where>: <detail> [<code>]" after a line
// saying how many. Exit 2: the file cannot be read or is not JSON. --json prints
// {"verified", "faults": [{"code", "where", "detail"}], "summary"} instead.
import { readFileSync } from 'node:fs';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

const P = ristretto255.Point;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const HEX = /^[0-9a-f]{64}$/;
const FORMAT = 'governance-verifiable-record/1';
const MOTION = ['yes', 'no', 'abstain'];
const enc = new TextEncoder();

class Bad extends Error {}

// ---- the group (§3) -------------------------------------------------------------------------

const md = (a) => ((a % L) + L) % L;
const hex = (b) => Buffer.from(b).toString('hex');
const le = (b) => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
const isObj = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);
const keysAre = (o, ...keys) => isObj(o) && Object.keys(o).sort().join() === keys.sort().join();
const isInt = (n) => typeof n === 'number' && Number.isInteger(n);

function point(h) {
  if (typeof h !== 'string' || !HEX.test(h)) throw new Bad('a point is 64 lower-case hex characters');
  let p;
  try {
    p = P.fromHex(h);
  } catch {
    throw new Bad('not a canonical ristretto255 encoding');
  }
  if (hex(p.toBytes()) !== h) throw new Bad('not a canonical ristretto255 encoding');
  return p;
}

function scalar(h) {
  if (typeof h !== 'string' || !HEX.test(h)) throw new Bad('a scalar is 64 lower-case hex characters');
  const n = le(Buffer.from(h, 'hex'));
  if (n >= L) throw new Bad('a scalar is below L');
  return n;
}

function modpow(b, e) {
  let r = 1n;
  b = md(b);
  for (; e > 0n; e >>= 1n, b = (b * b) % L) if (e & 1n) r = (r * b) % L;
  return r;
}

// P^k with P^0 = identity^k = identity (noble's multiply refuses 0). A verifier handles only
// public values, so the faster variable-time multiplication is safe here.
const pow = (p, k) => (md(k) === 0n || p.is0() ? P.ZERO : p.multiplyUnsafe(md(k)));
const g = (k) => pow(P.BASE, BigInt(k));

// ---- the hash (§4.1) and the proofs (§5) ------------------------------------------------------

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
  const framed = Buffer.concat(
    parts.flatMap((b) => {
      const n = Buffer.alloc(4);
      n.writeUInt32BE(b.length);
      return [n, Buffer.from(b)];
    }),
  );
  return md(le(sha512(framed)));
}

function pair(o) {
  if (!keysAre(o, 'challenge', 'response')) throw new Bad('a proof is exactly {challenge, response}');
  return [scalar(o.challenge), scalar(o.response)];
}

function pairs(list) {
  if (!Array.isArray(list)) throw new Bad('a range proof is a list');
  return list.map(pair);
}

const pokOk = (X, [c, s], ctx) => H('pok', ctx, X, g(s).subtract(pow(X, c))) === c;

function rangeOk(y, alpha, beta, proof, lo, hi, ctx) {
  if (proof.length !== hi - lo + 1) return false;
  const commits = [];
  let total = 0n;
  proof.forEach(([c, s], j) => {
    commits.push(g(s).subtract(pow(alpha, c)));
    commits.push(pow(y, s).subtract(pow(beta.subtract(g(lo + j)), c)));
    total += c;
  });
  return H('range', ctx, y, alpha, beta, lo, hi, ...commits) === md(total);
}

function decryptOk(X, y, alpha, beta, D, [c, s], ctx) {
  const A = g(s).subtract(pow(X, c));
  const B = pow(alpha, s).subtract(pow(D, c));
  return H('decrypt', ctx, y, X, alpha, beta, D, A, B) === c;
}

// ---- ballots (§7) -----------------------------------------------------------------------------

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${canonical(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const sha256hex = (text) => hex(sha256(enc.encode(text)));
export const trackerOf = (ballot) => sha256hex(canonical(ballot));

/** §7.3 for one ballot: its faults (with `where`) and, if it parsed, its options. */
export function checkBallot(b, e, at) {
  const faults = [];
  const fault = (code, where, detail) => faults.push({ code, where, detail });
  if (!keysAre(b, 'version', 'election', 'kind', 'choices', 'sum_proof')) {
    fault('malformed', at, 'a ballot has exactly version, election, kind, choices, sum_proof');
    return { faults };
  }
  if (b.version !== 1) {
    fault('version', at, 'only version 1 is known');
    return { faults };
  }
  if (typeof b.election !== 'string' || typeof b.kind !== 'string' || !Array.isArray(b.choices)) {
    fault('malformed', at, 'election and kind are strings, choices a list');
    return { faults };
  }
  const options = b.choices.map((o, k) => {
    try {
      if (!keysAre(o, 'alpha', 'beta', 'proof')) throw new Bad('an option is exactly {alpha, beta, proof}');
      return { alpha: point(o.alpha), beta: point(o.beta), proof: pairs(o.proof) };
    } catch (error) {
      if (!(error instanceof Bad)) throw error;
      fault('malformed', `${at}, choice ${k}`, error.message);
      return null;
    }
  });
  let sum = null;
  try {
    sum = pairs(b.sum_proof);
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    fault('malformed', `${at}, sum proof`, error.message);
  }
  if (faults.length) return { faults };
  if (b.election !== e.id) fault('wrong-election', at, `the ballot is for ${JSON.stringify(b.election)}`);
  if (b.kind !== e.kind) fault('wrong-kind', at, `the ballot is a ${b.kind} ballot`);
  if (options.length !== e.options) {
    fault('option-count', at, `${options.length} options, not ${e.options}`);
    return { faults, options };
  }
  options.forEach((o, k) => {
    if (!rangeOk(e.y, o.alpha, o.beta, o.proof, 0, 1, `${e.id}/ballot/choice/${k}`)) {
      fault('not-0-or-1', `${at}, choice ${k}`, 'the proof that this option is 0 or 1 fails');
    }
  });
  const alpha = options.reduce((a, o) => a.add(o.alpha), P.ZERO);
  const beta = options.reduce((a, o) => a.add(o.beta), P.ZERO);
  if (!rangeOk(e.y, alpha, beta, sum, e.lo, e.hi, `${e.id}/ballot/sum`)) {
    fault('sum-out-of-range', `${at}, sum proof`, `the proof that between ${e.lo} and ${e.hi} are marked fails`);
  }
  return { faults, options };
}

/**
 * §10.2 step 4 (and the ballots-only mode): every entry in order. Returns the faults and the
 * counted ballots' options. `strict` is the record's entry shape (tracker and server_encrypted).
 */
function checkBallots(entries, e, strict) {
  const faults = [];
  const counted = [];
  const trackers = new Set();
  const alphas = new Map();
  entries.forEach((entry, n) => {
    const at = `ballot ${n}`;
    const shaped = strict
      ? keysAre(entry, 'ballot', 'tracker', 'server_encrypted') && typeof entry.tracker === 'string' &&
        HEX.test(entry.tracker) && typeof entry.server_encrypted === 'boolean'
      : isObj(entry) && 'ballot' in entry && (!('tracker' in entry) || typeof entry.tracker === 'string');
    if (!shaped) {
      faults.push({ code: 'malformed', where: at, detail: 'an entry is exactly {ballot, tracker, server_encrypted}' });
      return;
    }
    if ('tracker' in entry) {
      if (trackers.has(entry.tracker)) faults.push({ code: 'duplicate-tracker', where: at, detail: 'an earlier entry has this tracker' });
      trackers.add(entry.tracker);
    }
    const { faults: found, options } = checkBallot(entry.ballot, e, at);
    faults.push(...found);
    if (!options) return;
    if ('tracker' in entry && trackerOf(entry.ballot) !== entry.tracker) {
      faults.push({ code: 'tracker', where: at, detail: "the tracker is not this ballot's hash" });
    }
    const mine = options.map((o) => hex(o.alpha.toBytes()));
    const earlier = mine.map((a) => alphas.get(a)).find((j) => j !== undefined);
    if (earlier !== undefined) faults.push({ code: 'duplicate', where: at, detail: `a copy of ballot ${earlier}'s ciphertext` });
    for (const a of mine) if (!alphas.has(a)) alphas.set(a, n);
    if (!found.length && earlier === undefined) counted.push(options);
  });
  return { faults, counted };
}

// ---- the record (§10) -------------------------------------------------------------------------

function question(q) {
  if (keysAre(q, 'kind', 'choices') && q.kind === 'motion' && Array.isArray(q.choices) &&
      q.choices.length === 3 && q.choices.every((c, i) => c === MOTION[i])) {
    return { kind: 'motion', labels: MOTION, lo: 1, hi: 1, names: MOTION };
  }
  if (keysAre(q, 'kind', 'candidates', 'minimum', 'maximum') && q.kind === 'approval' &&
      Array.isArray(q.candidates) && q.candidates.length > 0 &&
      q.candidates.every((c) => typeof c === 'string' && c.length > 0) &&
      new Set(q.candidates).size === q.candidates.length && isInt(q.minimum) && isInt(q.maximum) &&
      q.minimum >= 0 && q.minimum <= q.maximum && q.maximum <= q.candidates.length) {
    return { kind: 'approval', labels: q.candidates.map((_, i) => String(i)), lo: q.minimum, hi: q.maximum, names: q.candidates };
  }
  return null;
}

function lines(list, labels, keys, read) {
  if (!Array.isArray(list) || list.length !== labels.length) throw new Bad('one line per option');
  return list.map((line, k) => {
    if (!keysAre(line, 'label', ...keys) || line.label !== labels[k]) throw new Bad(`line ${k} is labelled ${labels[k]}, with ${keys}`);
    return read(line);
  });
}

/** Step 2: the envelope, decoded; throws [code, where, detail] at the first failure. */
function envelope(r) {
  const stop = (code, where, detail) => {
    throw Object.assign(new Bad(detail), { code, where });
  };
  const decoding = (where, read) => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof Bad) || error.code) throw error;
      return stop('malformed', where, error.message);
    }
  };
  const keys = ['format', 'group', 'election', 'question', 'trustees', 'election_key', 'ballots', 'tally', 'partial_decryptions', 'result'];
  if (!keysAre(r, ...keys)) stop('malformed', 'record', `a record has exactly the keys ${keys.join(', ')}`);
  if (r.group !== 'ristretto255') stop('group', 'record', 'the group is not ristretto255');
  if (typeof r.election !== 'string' || !/^[\x20-\x7e]+$/.test(r.election)) stop('election-id', 'record', 'the election id is not printable ASCII');
  const q = question(r.question);
  if (!q) stop('question', 'question', 'the question is neither a motion nor an approval election');
  const trustees = decoding('trustees', () => {
    const t = r.trustees;
    const shape = isObj(t) && 'context' in t ? ['count', 'threshold', 'commitments', 'context'] : ['count', 'threshold', 'commitments'];
    if (!keysAre(t, ...shape) || !isInt(t.count) || !isInt(t.threshold) || !Array.isArray(t.commitments)) {
      throw new Bad('trustees is exactly {count, threshold, commitments}, and may have context');
    }
    // A body's key ceremony made the key before this vote: its proofs bind the ceremony's C (§6.1).
    if ('context' in t && (typeof t.context !== 'string' || !/^[\x20-\x7e]+$/.test(t.context))) {
      throw new Bad("the ceremony's context is printable ASCII");
    }
    const commitments = t.commitments.map((c) => {
      if (!keysAre(c, 'trustee', 'coefficients', 'proof') || !isInt(c.trustee) || !Array.isArray(c.coefficients)) {
        throw new Bad('a commitment is exactly {trustee, coefficients, proof}');
      }
      return { trustee: c.trustee, coefficients: c.coefficients.map(point), proof: pair(c.proof) };
    });
    return { n: t.count, t: t.threshold, commitments, context: 'context' in t ? t.context : r.election };
  });
  const key = decoding('election key', () => point(r.election_key));
  if (!Array.isArray(r.ballots)) stop('malformed', 'ballots', 'ballots is a list');
  const tally = decoding('tally', () => lines(r.tally, q.labels, ['alpha', 'beta'], (l) => ({ alpha: point(l.alpha), beta: point(l.beta) })));
  const partials = decoding('partial decryptions', () =>
    lines(r.partial_decryptions, q.labels, ['partials'], (l) => {
      if (!Array.isArray(l.partials)) throw new Bad('partials is a list');
      return l.partials.map((p) => {
        if (!keysAre(p, 'trustee', 'factor', 'proof') || !isInt(p.trustee)) throw new Bad('a partial is exactly {trustee, factor, proof}');
        return { trustee: p.trustee, factor: point(p.factor), proof: pair(p.proof) };
      });
    }),
  );
  const result = decoding('result', () =>
    lines(r.result, q.labels, ['count'], (l) => {
      if (!isInt(l.count)) throw new Bad('a count is an integer');
      return l.count;
    }),
  );
  return { q, trustees, key, tally, partials, result };
}

/** Step 3: the trustees' faults, and the keys if usable. */
function checkTrustees({ n, t, commitments, context }) {
  const faults = [];
  if (!(1 <= t && t <= n)) {
    faults.push({ code: 'threshold', where: 'trustees', detail: `threshold ${t} of ${n}` });
    return { faults, keys: null };
  }
  const numbers = commitments.map((c) => c.trustee).sort((a, b) => a - b);
  if (numbers.length !== n || numbers.some((x, i) => x !== i + 1)) {
    faults.push({ code: 'trustee-set', where: 'trustees', detail: `not exactly one commitment from each of trustees 1..${n}` });
  }
  for (const c of commitments) {
    const at = `trustee ${c.trustee}`;
    if (c.coefficients.length !== t) faults.push({ code: 'commitment-size', where: at, detail: `${c.coefficients.length} coefficients, not ${t}` });
    if (!c.coefficients.length) {
      // No key part at all: nothing the proof could be of, so it cannot verify (§6, step 1).
      faults.push({ code: 'key-proof', where: at, detail: 'there is no key part to prove' });
      continue;
    }
    if (c.coefficients[0].is0()) faults.push({ code: 'key-part-identity', where: at, detail: 'the key part is the identity' });
    if (!pokOk(c.coefficients[0], c.proof, `${context}/trustee/${c.trustee}/coefficient`)) {
      faults.push({ code: 'key-proof', where: at, detail: 'the proof of knowledge of the key part fails' });
    }
  }
  if (faults.length) return { faults, keys: null };
  const y = commitments.reduce((a, c) => a.add(c.coefficients[0]), P.ZERO);
  if (y.is0()) return { faults: [{ code: 'key-identity', where: 'election key', detail: 'the election key is the identity' }], keys: null };
  const X = new Map();
  for (let j = 1; j <= n; j++) {
    let Xj = P.ZERO;
    for (const c of commitments) {
      let e = 1n;
      for (const A of c.coefficients) {
        Xj = Xj.add(pow(A, e));
        e = (e * BigInt(j)) % L;
      }
    }
    X.set(j, Xj);
  }
  return { faults, keys: { y, X, n, t } };
}

export function verifyRecord(r) {
  if (!isObj(r) || r.format !== FORMAT) return { faults: [{ code: 'format', where: 'record', detail: `not a ${FORMAT} record` }] };
  let env;
  try {
    env = envelope(r);
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    return { faults: [{ code: error.code, where: error.where, detail: error.message }] };
  }
  const { q, trustees, key, tally, partials, result } = env;
  const E = r.election;
  const { faults, keys } = checkTrustees(trustees);
  if (keys && !keys.y.equals(key)) faults.push({ code: 'election-key', where: 'election key', detail: "the record's key is not the trustees'" });
  const e = { id: E, kind: q.kind, y: keys ? keys.y : key, options: q.labels.length, lo: q.lo, hi: q.hi };
  const ballots = checkBallots(r.ballots, e, true);
  faults.push(...ballots.faults);
  q.labels.forEach((label, k) => {
    const alpha = ballots.counted.reduce((a, o) => a.add(o[k].alpha), P.ZERO);
    const beta = ballots.counted.reduce((a, o) => a.add(o[k].beta), P.ZERO);
    if (!alpha.equals(tally[k].alpha) || !beta.equals(tally[k].beta)) {
      faults.push({ code: 'tally-mismatch', where: `tally ${label}`, detail: 'the tally is not the product of the counted ballots' });
    }
  });
  const decrypted = new Set();
  if (keys) {
    q.labels.forEach((label, k) => {
      const at = `tally ${label}`;
      const { alpha, beta } = tally[k];
      const verified = new Map();
      for (const p of partials[k]) {
        if (!keys.X.has(p.trustee)) faults.push({ code: 'unknown-trustee', where: at, detail: `no trustee ${p.trustee}` });
        else if (verified.has(p.trustee)) faults.push({ code: 'duplicate-partial', where: at, detail: `trustee ${p.trustee} again` });
        else if (!decryptOk(keys.X.get(p.trustee), keys.y, alpha, beta, p.factor, p.proof, `${E}/trustee/${p.trustee}/decrypt/${label}`)) {
          faults.push({ code: 'partial-proof', where: at, detail: `trustee ${p.trustee}'s decryption proof fails` });
        } else verified.set(p.trustee, p.factor);
      }
      if (verified.size < keys.t) {
        faults.push({ code: 'too-few-partials', where: at, detail: `${verified.size} verified, ${keys.t} needed` });
        return;
      }
      const I = [...verified.keys()].sort((a, b) => a - b).slice(0, keys.t);
      I.forEach((j) => decrypted.add(j));
      let F = P.ZERO;
      for (const j of I) {
        let lambda = 1n;
        for (const m of I) if (m !== j) lambda = (lambda * BigInt(m) * modpow(BigInt(m - j), L - 2n)) % L;
        F = F.add(pow(verified.get(j), lambda));
      }
      const c = result[k];
      if (!(c >= 0 && c <= ballots.counted.length) || !beta.subtract(F).equals(g(c))) {
        faults.push({ code: 'wrong-count', where: at, detail: `the count ${c} does not decrypt the tally` });
      }
    });
  }
  const summary = {
    election: E,
    ballots: r.ballots.length,
    server_encrypted: r.ballots.filter((b) => b?.server_encrypted === true).length,
    trustees: trustees.n,
    threshold: trustees.t,
    decrypted_by: [...decrypted].sort((a, b) => a - b),
    result: Object.fromEntries(q.names.map((name, k) => [name, result[k]])),
    digest: sha256hex(canonical(r)),
  };
  return { faults, summary };
}

// ---- ballots alone ----------------------------------------------------------------------------

function electionOf(o) {
  if (!isObj(o) || typeof o.id !== 'string' || !o.id) throw new Bad('the election needs an id');
  const y = point(o.key);
  if (o.kind === 'motion') return { id: o.id, kind: 'motion', y, options: 3, lo: 1, hi: 1 };
  if (o.kind === 'approval' && [o.candidates, o.min, o.max].every(isInt) && 0 <= o.min && o.min <= o.max && o.max <= o.candidates) {
    return { id: o.id, kind: 'approval', y, options: o.candidates, lo: o.min, hi: o.max };
  }
  throw new Bad('the election is a motion or an approval election with 0 ≤ min ≤ max ≤ candidates');
}

export function verifyBallots(doc) {
  let e;
  try {
    if (!isObj(doc) || !Array.isArray(doc.ballots)) throw new Bad('a ballots file is {election, ballots: [...]}');
    e = electionOf(doc.election);
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    return { faults: [{ code: 'malformed', where: 'election', detail: error.message }] };
  }
  const { faults, counted } = checkBallots(doc.ballots, e, false);
  return { faults, summary: { election: e.id, ballots: doc.ballots.length, valid: counted.length } };
}

// ---- the command ------------------------------------------------------------------------------

function main(argv) {
  const json = argv.includes('--json');
  const ballotsOnly = argv.includes('--ballots');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    console.error('usage: node tools/verify-js/verify.mjs [--json] [--ballots] FILE.json');
    return 2;
  }
  let doc;
  try {
    doc = JSON.parse(readFileSync(files[0], 'utf8'));
  } catch (error) {
    console.error(`cannot read ${files[0]}: ${error.message}`);
    return 2;
  }
  const { faults, summary } = ballotsOnly ? verifyBallots(doc) : verifyRecord(doc);
  if (json) {
    console.log(JSON.stringify({ verified: !faults.length, faults, ...(faults.length ? {} : { summary }) }));
  } else if (faults.length) {
    console.log(`${faults.length} fault(s):`);
    for (const f of faults) console.log(`${f.where}: ${f.detail} [${f.code}]`);
  } else {
    console.log(`verified: ${JSON.stringify(summary, null, 2)}`);
  }
  return faults.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
