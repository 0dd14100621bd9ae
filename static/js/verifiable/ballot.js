// Ballots (docs/VERIFY.md §7): making one for a motion (yes, no, abstain) or an approval election,
// its tracker, its checks with their fault codes, and the Benaloh check of a prepared ballot
// (reveal each option's value and randomness; a ballot opened is never cast).
//
// An election is described as { id, kind: 'motion' | 'approval', y, options, lo, hi }: use
// motionElection(id, y) or approvalElection(id, y, candidates, min, max).
import { canonicalJson } from './canonical.js';
import { combine, encrypt } from './elgamal.js';
import { bytesToHex, Malformed, mod, pointFromHex, pointHex, scalarFromHex, scalarHex } from './group.js';
import { sha256 } from './noble.js';
import { pairFromJson, pairJson, proveRange, verifyRange } from './proofs.js';
import { randomScalar, systemRandom } from './random.js';

export const MOTION_CHOICES = ['yes', 'no', 'abstain'];

export function motionElection(id, y) {
  return { id, kind: 'motion', y, options: 3, lo: 1, hi: 1 };
}

export function approvalElection(id, y, candidates, min, max) {
  if (!(Number.isInteger(candidates) && candidates >= 1)) throw new Error('an approval election needs candidates');
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= candidates)) {
    throw new Error('need 0 ≤ min ≤ max ≤ candidates');
  }
  return { id, kind: 'approval', y, options: candidates, lo: min, hi: max };
}

const choiceContext = (id, k) => `${id}/ballot/choice/${k}`;
const sumContext = (id) => `${id}/ballot/sum`;

/** Encrypt 0/1 values with proofs. Draws r_0..r_n-1, then each option's proof, then the sum's. */
export function makeBallot(election, values, source = systemRandom) {
  if (!Array.isArray(values) || values.length !== election.options || values.some((v) => v !== 0 && v !== 1)) {
    throw new Error(`a ballot is ${election.options} values, each 0 or 1`);
  }
  const total = values.reduce((a, b) => a + b, 0);
  if (total < election.lo || total > election.hi) {
    throw new Error(`the number marked must be between ${election.lo} and ${election.hi}`);
  }
  const { id, y } = election;
  const randomness = values.map(() => randomScalar(source));
  const cts = values.map((m, k) => encrypt(y, m, randomness[k]));
  const choices = cts.map((ct, k) => ({
    alpha: pointHex(ct.alpha),
    beta: pointHex(ct.beta),
    proof: proveRange(y, ct, randomness[k], values[k], 0, 1, choiceContext(id, k), source).map(pairJson),
  }));
  const r = mod(randomness.reduce((a, b) => a + b, 0n));
  const sum = proveRange(y, combine(cts), r, total, election.lo, election.hi, sumContext(id), source);
  const ballot = { version: 1, election: id, kind: election.kind, choices, sum_proof: sum.map(pairJson) };
  return { ballot, opening: { values: [...values], randomness: randomness.map(scalarHex) } };
}

export function makeMotionBallot(election, choice, source) {
  const k = MOTION_CHOICES.indexOf(choice);
  if (election.kind !== 'motion' || k < 0) throw new Error('a motion ballot is yes, no or abstain');
  return makeBallot(election, MOTION_CHOICES.map((_, i) => (i === k ? 1 : 0)), source);
}

export function makeApprovalBallot(election, approved, source) {
  if (election.kind !== 'approval') throw new Error('not an approval election');
  const set = new Set(approved);
  return makeBallot(election, Array.from({ length: election.options }, (_, i) => (set.has(i) ? 1 : 0)), source);
}

export function tracker(ballot) {
  return bytesToHex(sha256(new TextEncoder().encode(canonicalJson(ballot))));
}

const isObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);
const hasExactly = (o, keys) => isObject(o) && Object.keys(o).length === keys.length && keys.every((k) => k in o);

const BALLOT_KEYS = ['version', 'election', 'kind', 'choices', 'sum_proof'];

/** Parse the JSON shape of §7.2; throws Malformed. */
export function parseBallot(ballot) {
  if (!hasExactly(ballot, BALLOT_KEYS)) {
    throw new Malformed('a ballot has exactly version, election, kind, choices, sum_proof');
  }
  if (typeof ballot.election !== 'string' || typeof ballot.kind !== 'string') {
    throw new Malformed('election and kind are strings');
  }
  if (!Array.isArray(ballot.choices) || !Array.isArray(ballot.sum_proof)) throw new Malformed('choices and sum_proof are lists');
  const choices = ballot.choices.map((o) => {
    if (!hasExactly(o, ['alpha', 'beta', 'proof']) || !Array.isArray(o.proof)) {
      throw new Malformed('an option has exactly alpha, beta and a proof list');
    }
    return { ct: { alpha: pointFromHex(o.alpha), beta: pointFromHex(o.beta) }, proof: o.proof.map(pairFromJson) };
  });
  return { ...ballot, choices, sum_proof: ballot.sum_proof.map(pairFromJson) };
}

/** The fault codes of §7.3 for one ballot in this election; [] when it is valid. */
export function ballotFaults(ballot, election) {
  // A version other than the number 1 is a ballot this code cannot read: nothing more is checked.
  if (hasExactly(ballot, BALLOT_KEYS) && ballot.version !== 1) return ['version'];
  let parsed;
  try {
    parsed = parseBallot(ballot);
  } catch (error) {
    if (error instanceof Malformed) return ['malformed'];
    throw error;
  }
  const faults = [];
  if (parsed.election !== election.id) faults.push('wrong-election');
  if (parsed.kind !== election.kind) faults.push('wrong-kind');
  if (parsed.choices.length !== election.options) faults.push('option-count');
  const { id, y } = election;
  if (!parsed.choices.every((o, k) => verifyRange(y, o.ct, o.proof, 0, 1, choiceContext(id, k)))) {
    faults.push('not-0-or-1');
  }
  const sum = combine(parsed.choices.map((o) => o.ct));
  if (!verifyRange(y, sum, parsed.sum_proof, election.lo, election.hi, sumContext(id))) faults.push('sum-out-of-range');
  return faults;
}

/** §7.6: does the opening show this ballot's ciphertexts? [], or 'opening-size', 'opening-mismatch', 'malformed'. */
export function openingFaults(ballot, opening, election) {
  let parsed;
  try {
    parsed = parseBallot(ballot);
    if (!hasExactly(opening, ['values', 'randomness']) || !Array.isArray(opening.values) || !Array.isArray(opening.randomness)) {
      throw new Malformed('an opening has exactly values and randomness lists');
    }
    opening = { values: opening.values, randomness: opening.randomness.map(scalarFromHex) };
  } catch (error) {
    if (error instanceof Malformed) return ['malformed'];
    throw error;
  }
  const n = parsed.choices.length;
  if (opening.values.length !== n || opening.randomness.length !== n) return ['opening-size'];
  for (let k = 0; k < n; k++) {
    const m = opening.values[k];
    if (m !== 0 && m !== 1) return ['opening-mismatch'];
    const ct = encrypt(election.y, m, opening.randomness[k]);
    if (!ct.alpha.equals(parsed.choices[k].ct.alpha) || !ct.beta.equals(parsed.choices[k].ct.beta)) return ['opening-mismatch'];
  }
  return [];
}

/** What an opened motion ballot says: the choice whose value is 1 (after openingFaults is []). */
export function openedChoice(opening) {
  return MOTION_CHOICES[opening.values.indexOf(1)];
}

/** The options an opened approval ballot marks, by index (after openingFaults is []). */
export function openedApprovals(opening) {
  return opening.values.flatMap((v, k) => (v === 1 ? [k] : []));
}

export { randomScalar };
