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
  // The known-answer dealing of §9: three trustees, 2 of 3, in turn from one source.
  dealing() {
    const source = v.seededSource('kat-dkg');
    const commitments = [1, 2, 3].map((i) => v.deal('kat-election', i, 2, 3, source).commitment);
    return { commitments, y: v.pointHex(v.electionKey(commitments)), X2: v.pointHex(v.verificationKey(commitments, 2)) };
  },
  // A whole vote done by the browser code alone: dealing, Feldman checks, ballots, the tally,
  // partial decryptions by `decrypting`, and the record of §10.1 built from them.
  record({ election: id, t, n, votes, decrypting, seed }) {
    const source = v.seededSource(seed);
    const dealt = Array.from({ length: n }, (_, k) => v.deal(id, k + 1, t, n, source));
    const commitments = dealt.map((d) => d.commitment);
    const xs = new Map();
    for (let j = 1; j <= n; j++) {
      const shares = dealt.map((d) => v.shareFor(d.polynomial, j));
      if (!dealt.every((d, i) => v.verifyShare(commitments[i], j, shares[i]))) throw new Error('a share failed');
      xs.set(j, v.keyShare(shares));
    }
    const y = v.electionKey(commitments);
    const e = v.motionElection(id, y);
    const ballots = votes.map((choice) => v.makeMotionBallot(e, choice, source).ballot);
    const tally = v.MOTION_CHOICES.map((label, k) => ({
      label,
      ...v.combine(ballots.map((b) => ({ alpha: v.pointFromHex(b.choices[k].alpha), beta: v.pointFromHex(b.choices[k].beta) }))),
    }));
    const partials = tally.map((line) => ({
      label: line.label,
      partials: decrypting.map((j) => v.partialDecrypt(xs.get(j), y, line, id, j, line.label, source)),
    }));
    const result = tally.map((line, k) => {
      const I = decrypting.slice(0, t);
      let F = v.IDENTITY;
      for (const j of I) {
        let lambda = 1n;
        for (const m of I) if (m !== j) lambda = v.mod(lambda * BigInt(m) * modInverse(BigInt(m - j)));
        F = F.add(v.mul(v.pointFromHex(partials[k].partials[decrypting.indexOf(j)].factor), lambda));
      }
      const target = line.beta.subtract(F);
      let count = 0;
      while (!v.gPow(BigInt(count)).equals(target)) count += 1;
      return { label: line.label, count };
    });
    return {
      format: 'governance-verifiable-record/1',
      group: 'ristretto255',
      election: id,
      question: { kind: 'motion', choices: v.MOTION_CHOICES },
      trustees: { count: n, threshold: t, commitments },
      election_key: v.pointHex(y),
      ballots: ballots.map((ballot) => ({ ballot, tracker: v.tracker(ballot), server_encrypted: false })),
      tally: tally.map((line) => ({ label: line.label, ...v.ciphertextJson(line) })),
      partial_decryptions: partials,
      result,
    };
  },
  // A key-share file (§6.2): written by the browser code for x, and each of `texts` read back.
  share_file({ fields, x, texts }) {
    const written = v.shareFile({ ...fields, electionKey: v.pointFromHex(fields.electionKey) }, v.scalarFromHex(x));
    const read = texts.map((text) => {
      try {
        const got = v.readShareFile(text);
        return { ok: true, key_share: v.scalarHex(got.keyShare), trustee: got.trustee };
      } catch (error) {
        if (!(error instanceof v.Malformed)) throw error;
        return { ok: false, message: error.message };
      }
    });
    return { written, read };
  },
  // §6.1's known answers: three ceremony keys, trustee 1's 2-of-3 dealing and its share for
  // trustee 2, in that order from one source seeded `kat-channel`; trustee 2 opens it.
  channel_kat({ context }) {
    const source = v.seededSource('kat-channel');
    const keys = [1, 2, 3].map((j) => v.makeCeremonyKey(context, j, source));
    const { polynomial, commitment } = v.deal(context, 1, 2, 3, source);
    const share = v.shareFor(polynomial, 2);
    const encrypted = v.encryptShare(share, context, 1, 2, keys[1].key.public, source);
    const k2 = keys[1].key;
    const shared = v.mul(encrypted.ephemeral, k2.secret);
    const items = [context, { int: 1 }, { int: 2 }, k2.public, encrypted.ephemeral, shared];
    const received = v.receiveShare(encrypted, context, k2, commitment);
    return {
      secrets: keys.map((k) => v.scalarHex(k.key.secret)),
      publics: keys.map((k) => v.pointHex(k.key.public)),
      proofs: keys.map((k) => v.pairJson(k.proof)),
      faults: keys.map((k, i) => v.ceremonyKeyFaults(k.key.public, k.proof, context, i + 1)),
      commitment,
      share: v.scalarHex(share),
      encrypted: v.encryptedShareJson(encrypted),
      shared: v.pointHex(shared),
      framed: v.bytesToHex(v.framed('share', items)),
      mask: v.scalarHex(v.shareMask(context, 1, 2, k2.public, encrypted.ephemeral, shared)),
      received: received === null ? null : v.scalarHex(received),
    };
  },
  // Trustee `dealer` seals `share` for the holder of ceremony key `recipient_key`.
  channel_seal({ share, context, dealer, recipient, recipient_key: key, seed }) {
    const sealed = v.encryptShare(v.scalarFromHex(share), context, dealer, recipient, v.pointFromHex(key), source(seed));
    return v.encryptedShareJson(sealed);
  },
  // A ceremony key made by the browser code, with its proof; for Python to check.
  channel_key({ context, trustee, seed }) {
    const { key, proof } = v.makeCeremonyKey(context, trustee, source(seed));
    return { secret: v.scalarHex(key.secret), public: v.pointHex(key.public), proof: v.pairJson(proof) };
  },
  // Trustee `secret`'s browser opens each of `sealed` (relayed JSON) against `commitment`:
  // the share, or null when it must complain, or the reason the JSON was refused.
  channel_open({ context, secret, sealed, commitment, key_checks: checks = [] }) {
    const s = v.scalarFromHex(secret);
    const key = { secret: s, public: v.gPow(s) };
    const opened = sealed.map((json) => {
      let encrypted;
      try {
        encrypted = v.encryptedShareFromJson(json);
      } catch (error) {
        if (!(error instanceof v.Malformed)) throw error;
        return { refused: error.message };
      }
      const share = v.receiveShare(encrypted, context, key, commitment);
      return { share: share === null ? null : v.scalarHex(share) };
    });
    const faults = checks.map((c) => v.ceremonyKeyFaults(v.pointFromHex(c.public), v.pairFromJson(c.proof), c.context, c.trustee));
    return { opened, faults };
  },
  opening({ election: e, ballot, opening }) {
    return { faults: v.openingFaults(ballot, opening, election(e)) };
  },
};

function modInverse(a) {
  let [r, e, b] = [1n, v.L - 2n, v.mod(a)];
  for (; e > 0n; e >>= 1n, b = (b * b) % v.L) if (e & 1n) r = (r * b) % v.L;
  return r;
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
process.stdout.write(JSON.stringify(handlers[request.op](request)));
