// The browser's ballot code (the served files in static/js/verifiable/) driven from pytest:
// `node js_bridge.mjs` reads one JSON request on stdin and writes one JSON answer on stdout.
import * as v from '../../../static/js/verifiable/index.js';
import { verifyBallots } from '../../../tools/verify-js/verify.mjs';

const source = (seed) => (seed === undefined ? v.systemRandom : v.seededSource(seed));

function election(e) {
  const y = v.pointFromHex(e.key);
  return e.kind === 'motion' ? v.motionElection(e.id, y) : v.approvalElection(e.id, y, e.candidates, e.min, e.max);
}

const handlers = {
  known_answers() {
    const { x, y } = v.keyPair(v.seededSource('kat-key'));
    const ct = v.encrypt(y, 1, 5n);
    const dec = v.proveDecryption(x, y, ct, 'kat', v.seededSource('kat-dec'));
    const X = v.pointFromHex('7234118011c0c904e5ff70b17f07e30a556e8f4c56bc3fd54d8041c02f9de447');
    const A = v.pointFromHex('d49aa9c2fb6e2a2941fdee74eacda23809abb540db93479bb1defae4b909ed63');
    return {
      x: v.scalarHex(x),
      y: v.pointHex(y),
      pok: v.pairJson(v.proveKey(x, 'kat', v.seededSource('kat-pok'))),
      ciphertext: v.ciphertextJson(ct),
      range: v.proveRange(y, ct, 5n, 1, 0, 1, 'kat', v.seededSource('kat-range')).map(v.pairJson),
      factor: v.pointHex(dec.factor),
      decryption: v.pairJson(dec.proof),
      framed: v.bytesToHex(v.framed('pok', ['kat', X, A])),
      challenge: v.scalarHex(v.challenge('pok', 'kat', X, A)),
    };
  },
  make({ election: e, values, seed }) {
    const made = v.makeBallot(election(e), values, source(seed));
    return { ...made, tracker: v.tracker(made.ballot) };
  },
  faults({ election: e, ballot }) {
    return { faults: v.ballotFaults(ballot, election(e)), tracker: v.tracker(ballot) };
  },
  // Many ballots, each alone: the browser code's fault codes and the Node verifier's (where, code).
  check_many({ election: e, ballots }) {
    return ballots.map((ballot) => ({
      browser: v.ballotFaults(ballot, election(e)),
      verifier: verifyBallots({ election: e, ballots: [{ ballot }] }).faults.map((f) => [f.where, f.code]),
    }));
  },
  opening({ election: e, ballot, opening }) {
    return { faults: v.openingFaults(ballot, opening, election(e)) };
  },
};

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
process.stdout.write(JSON.stringify(handlers[request.op](request)));
