// The trustee's key-share file (docs/VERIFY.md §6.2): what a trustee's browser saves when its
// ceremony completes, and loads again to decrypt a tally. The server never sees it.
import { gPow, Malformed, pointFromHex, pointHex, scalarFromHex, scalarHex } from './group.js';

export const SHARE_FILE_FORMAT = 'governance-key-share/1';
const FIELDS = ['format', 'org', 'body', 'ceremony', 'context', 'trustee', 'threshold', 'trustee_count',
  'election_key', 'verification_key', 'key_share'];

/** The file's JSON for trustee `trustee` holding key share `x` (a scalar) of ceremony `ceremony`. */
export function shareFile({ org, body, ceremony, context, trustee, threshold, trusteeCount, electionKey }, x) {
  return {
    format: SHARE_FILE_FORMAT,
    org,
    body,
    ceremony,
    context,
    trustee,
    threshold,
    trustee_count: trusteeCount,
    election_key: pointHex(electionKey),
    verification_key: pointHex(gPow(x)),
    key_share: scalarHex(x),
  };
}

const isCount = (v) => Number.isInteger(v) && v >= 1;

/**
 * Read a share file's text; throws Malformed with a sentence a trustee can act on.
 * Returns the fields with `keyShare` (a scalar) and `electionKey` (a point) decoded.
 */
export function readShareFile(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Malformed('This is not a key-share file: it is not JSON.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || data.format !== SHARE_FILE_FORMAT) {
    throw new Malformed('This is not a key-share file from this service.');
  }
  const keys = Object.keys(data).sort();
  if (keys.join() !== [...FIELDS].sort().join()) throw new Malformed('This key-share file is incomplete or has extra fields.');
  for (const name of ['org', 'body', 'ceremony', 'context']) {
    if (typeof data[name] !== 'string' || !data[name]) throw new Malformed(`This key-share file has no ${name}.`);
  }
  if (![data.trustee, data.threshold, data.trustee_count].every(isCount)
      || data.threshold > data.trustee_count || data.trustee > data.trustee_count) {
    throw new Malformed('This key-share file has impossible trustee numbers.');
  }
  let keyShare;
  let electionKey;
  try {
    keyShare = scalarFromHex(data.key_share);
    electionKey = pointFromHex(data.election_key);
    pointFromHex(data.verification_key);
  } catch {
    throw new Malformed('This key-share file is damaged: a key in it cannot be read.');
  }
  if (pointHex(gPow(keyShare)) !== data.verification_key) {
    throw new Malformed('This key-share file is damaged: its key share does not match its verification key.');
  }
  return { ...data, keyShare, electionKey };
}
