// A verifiable motion's or election's page once voting is closed, for a trustee (docs/VERIFY.md
// §6.2, §8): read the trustee's key-share file here, check it is this trustee's file for the
// ceremony the vote uses (its verification key recomputed from the published commitments), decrypt its
// share of every tally line with a proof, and post those to the API. The key share never
// leaves the page. A refused file posts nothing. Without JavaScript the page says so.
import { ciphertextFromJson, Malformed, pointFromHex, pointHex, readShareFile, partialDecrypt, verificationKey } from './index.js';

const panel = document.getElementById('decrypt-panel');
const input = document.getElementById('decrypt-file');
const button = document.getElementById('decrypt-go');
const status = document.getElementById('decrypt-status');
const problem = document.getElementById('decrypt-error');
const data = panel.dataset;
const trustee = Number(data.trustee);
const endpoint = data.endpoint; // the motion's or the election's decryptions route
const back = data.back; // the page itself, to show where the count is

function refuse(sentence) {
  status.textContent = '';
  problem.textContent = sentence;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

/** The file's share, after every check of §6.2 against this motion; throws Malformed. */
function checkedShare(text) {
  const file = readShareFile(text);
  if (file.ceremony !== data.ceremony || pointHex(file.electionKey) !== data.key) {
    throw new Malformed('This key-share file is from another key ceremony, not the one this vote was locked with. Choose the file you saved when the trustees made the key for this vote.');
  }
  if (file.trustee !== trustee) {
    throw new Malformed(`This key-share file is trustee ${file.trustee}'s, and you are trustee ${trustee}. Choose your own key-share file.`);
  }
  const published = verificationKey(JSON.parse(data.commitments), trustee);
  if (pointHex(published) !== file.verification_key) {
    throw new Malformed('This key-share file does not match the key ceremony this vote uses: its key is not the one published for you. Nothing was sent. Choose the file your browser saved at the end of the ceremony.');
  }
  return file.keyShare;
}

/** Trustee j's partial decryption of every tally line, in order. */
function partials(x) {
  const y = pointFromHex(data.key);
  return JSON.parse(data.tally).map((line) => partialDecrypt(x, y, ciphertextFromJson(line), data.election, trustee, line.label));
}

async function send(body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrftoken': data.csrf },
    body: JSON.stringify(body),
  });
  let reply = null;
  try {
    reply = await response.json();
  } catch {
    // A reply that is not JSON: the sentence below says what happened.
  }
  return { response, reply };
}

function refusal(response, reply) {
  const said = reply && typeof reply.detail === 'string' ? reply.detail : '';
  if (response.status === 409) return `Not sent: ${said || 'your share of this count is already in, or the count is finished.'} Reload the page to see where the count is.`;
  if (response.status === 403) return `Refused: ${said || 'only a trustee of this vote can decrypt its count.'}`;
  if (response.status === 400 || response.status === 422) return `Refused: ${said || 'the decryption did not check.'} Nothing was stored. Check you chose your own key-share file, then try again.`;
  return `The server could not take your decryption (error ${response.status}). ${said} Try again in a moment.`;
}

let sending = false; // A second press while the first is on its way would only be refused.

async function decrypt() {
  if (sending) return;
  problem.textContent = '';
  input.removeAttribute('aria-invalid');
  const file = input.files && input.files[0];
  if (!file) {
    refuse('Choose your key-share file first.');
    return;
  }
  let x;
  try {
    x = checkedShare(await file.text());
  } catch (error) {
    refuse(error instanceof Malformed ? error.message : `This file could not be read: ${error.message}.`);
    return;
  }
  sending = true;
  button.disabled = true;
  status.textContent = 'Your key-share file is right. Decrypting your share of the count…';
  try {
    // Let the status be painted before the work starts.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { response, reply } = await send({ partials: partials(x) });
    if (!response.ok) {
      status.textContent = '';
      problem.textContent = refusal(response, reply);
      return;
    }
    const done = ['carried', 'failed'].includes(reply.status) || reply.phase === 'counted';
    status.textContent = done
      ? 'Your share is in, and the count is decrypted. Showing the result…'
      : 'Your share is in. Showing how many trustees have decrypted…';
    window.location.assign(`${back}?done=decrypted`);
  } catch (error) {
    status.textContent = '';
    problem.textContent = `Your decryption was not sent: ${error.message}. Check your connection and try again.`;
  } finally {
    sending = false;
    button.disabled = false;
  }
}

button.addEventListener('click', decrypt);
input.addEventListener('change', () => {
  problem.textContent = '';
  input.removeAttribute('aria-invalid');
});
document.getElementById('decrypt-needs-js').hidden = true;
panel.hidden = false;
