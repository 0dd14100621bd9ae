// The trustee's key ceremony page (docs/VERIFY.md §6.1, §6.2): runs the signed-in trustee's next
// step in the browser and posts it to the JSON API with the session (x-csrftoken header equal to
// the csrftoken cookie): make the ceremony key, deal (sealing each share for its recipient's
// ceremony key), unmask and check the shares received, accept or complain, and at the end
// save the key-share file. The secrets (ceremony key, polynomial, shares) stay in this
// browser's localStorage, under the org, body and ceremony; the server never sees them.
import {
  ceremonyKeyFaults,
  commitmentFaults,
  deal,
  electionKey,
  encryptShare,
  encryptedShareFromJson,
  gPow,
  keyShare,
  makeCeremonyKey,
  pairFromJson,
  pairJson,
  pointFromHex,
  pointHex,
  receiveShare,
  scalarFromHex,
  scalarHex,
  shareFile,
  shareFor,
  verificationKey,
} from './index.js';

const root = document.getElementById('ceremony');
const { org, body, api } = root.dataset;
const next = document.getElementById('ceremony-next');
const act = document.getElementById('ceremony-act');
const refresh = document.getElementById('ceremony-refresh');
const status = document.getElementById('ceremony-status');
const stage = document.getElementById('ceremony-stage');
const done = document.getElementById('ceremony-done');

// The words for each stage and each trustee's progress, as the server shows them.
const STAGES = JSON.parse(root.dataset.stages);
const WORDS = JSON.parse(root.dataset.words);
const DEALT = ['dealt', 'accepted', 'complained'];

// ---- What this browser keeps: {key, polynomial, received: {dealer: share}}, all hex. ----
const storeName = (ceremony) => `governance-ceremony/${org}/${body}/${ceremony}`;
function load(ceremony) {
  try {
    return JSON.parse(localStorage.getItem(storeName(ceremony))) || {};
  } catch {
    return {};
  }
}
function save(ceremony, kept) {
  localStorage.setItem(storeName(ceremony), JSON.stringify(kept));
}

// ---- The API, with the session. ----
function csrf() {
  const found = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='));
  return found ? decodeURIComponent(found.slice('csrftoken='.length)) : '';
}
async function call(method, path, json) {
  const response = await fetch(`${api}${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(method === 'GET' ? {} : { 'x-csrftoken': csrf() }),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.detail || `the server answered ${response.status}`);
  return answer;
}

// ---- Showing the state. ----
let state = null;
let waiting = null; // the timer that checks again while others finish their step

function showTrustees() {
  const rows = document.getElementById('ceremony-trustees');
  if (!rows) return;
  rows.replaceChildren(...state.trustees.map((t) => {
    const tr = document.createElement('tr');
    const cells = [['Number', String(t.index)], ['Trustee', t.display_name + (t.index === state.you ? ' (you)' : '')], ['Done so far', WORDS[t.status] || t.status]];
    for (const [label, text] of cells) {
      const td = document.createElement('td');
      td.dataset.label = label;
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
}

function offer(sentence, button, run) {
  next.textContent = sentence;
  act.hidden = !button;
  act.disabled = false;
  refresh.hidden = true;
  if (button) {
    act.textContent = button;
    act.onclick = () => step(run);
  }
}

function wait(sentence) {
  offer(sentence);
  refresh.hidden = false;
  clearTimeout(waiting);
  waiting = setTimeout(reload, 3000);
}

const names = (list) => list.map((t) => `${t.display_name} (trustee ${t.index})`).join(', ');

function render() {
  stage.textContent = STAGES[state.status] || state.status;
  showTrustees();
  done.hidden = true;
  const me = state.trustees.find((t) => t.index === state.you);
  if (!me) return offer('You are not one of this ceremony\'s trustees.');
  const kept = load(state.ceremony);
  const others = state.trustees.filter((t) => t.index !== state.you);
  if (state.status === 'failed') {
    const why = state.failure && state.failure.dealer ? ` Trustee ${state.failure.dealer}'s share did not pass its check.` : '';
    return offer(`This ceremony failed.${why} Nothing more can be done in it; an administrator must name the trustees again.`);
  }
  const lost = 'This browser does not hold your ceremony secrets: they were made in another browser or device, or cleared from this one. Carry on there, or ask an administrator to name the trustees again.';
  if (me.status !== 'named' && !kept.key) return offer(lost);
  if (state.status === 'collecting_keys') {
    if (me.status === 'named') {
      return offer('First, make your ceremony key. It is made and kept in this browser, and lets the other trustees send you your shares privately. Use this same browser for the whole ceremony.', 'Make my ceremony key', makeKey);
    }
    return wait(`Your ceremony key is in. Waiting for ${names(others.filter((t) => t.status === 'named'))} to make theirs. This page checks again by itself.`);
  }
  if (state.status === 'dealing') {
    if (me.status === 'key_submitted') {
      return offer('Every trustee has made a ceremony key. Now deal your shares: this browser makes a secret, and sends each other trustee a share of it that only they can open.', 'Deal my shares', dealShares);
    }
    if (!kept.polynomial) return offer(lost);
    const notDealt = state.trustees.filter((t) => !DEALT.includes(t.status));
    if (me.status === 'dealt' && notDealt.length) {
      return wait(`Your shares are sent. Waiting for ${names(notDealt)} to deal. This page checks again by itself.`);
    }
    if (me.status === 'dealt') {
      return offer('Every trustee has dealt. Now open the shares sent to you and check each against what its sender published.', 'Check my shares', checkShares);
    }
    return wait(`You have accepted your shares. Waiting for ${names(others.filter((t) => t.status !== 'accepted'))} to check theirs. This page checks again by itself.`);
  }
  if (state.status === 'complete') return finish(me, kept);
  return offer(STAGES[state.status] || '');
}

async function reload() {
  clearTimeout(waiting);
  try {
    state = await call('GET', '/');
    render();
  } catch (error) {
    status.textContent = `Could not read the ceremony: ${error.message} Reload the page to try again.`;
  }
}

// Run one step: the button is disabled while it runs, the status says what happened.
async function step(run) {
  clearTimeout(waiting); // no check-again redraw while this step runs
  act.disabled = true;
  status.textContent = 'Working…';
  await new Promise((r) => setTimeout(r, 0)); // let the status be painted first
  try {
    const said = await run();
    status.textContent = said || '';
  } catch (error) {
    status.textContent = `That did not work: ${error.message}`;
  }
  await reload();
  next.focus();
}

// ---- The steps. ----
async function makeKey() {
  const { key, proof } = makeCeremonyKey(state.context, state.you);
  const kept = load(state.ceremony);
  kept.key = scalarHex(key.secret);
  save(state.ceremony, kept); // before posting: a key the server has but this browser lost is no use
  await call('POST', '/me/key', { public_key: pointHex(key.public), proof: pairJson(proof) });
  return 'Your ceremony key is made and sent.';
}

async function dealShares() {
  const { context, threshold: t, trustee_count: n, you } = state;
  const others = state.trustees.filter((o) => o.index !== you);
  for (const o of others) {
    if (ceremonyKeyFaults(pointFromHex(o.public_key), pairFromJson(o.key_proof), context, o.index).length) {
      throw new Error(`the ceremony key of trustee ${o.index} does not check, so no share is sent to it. Tell an administrator.`);
    }
  }
  const { polynomial, commitment } = deal(context, you, t, n);
  const kept = load(state.ceremony);
  kept.polynomial = polynomial.map(scalarHex);
  kept.received = { [you]: scalarHex(shareFor(polynomial, you)) };
  save(state.ceremony, kept);
  const shares = others.map((o) => {
    const sealed = encryptShare(shareFor(polynomial, o.index), context, you, o.index, pointFromHex(o.public_key));
    return { to: o.index, ephemeral: pointHex(sealed.ephemeral), masked: scalarHex(sealed.masked) };
  });
  await call('POST', '/me/dealing', { commitments: commitment.coefficients, proof: commitment.proof, shares });
  return 'Your shares are dealt and sent.';
}

async function checkShares() {
  const { context, you, threshold } = state;
  const kept = load(state.ceremony);
  const secret = scalarFromHex(kept.key);
  const key = { secret, public: gPow(secret) };
  const got = await call('GET', '/me/shares');
  const byDealer = new Map(state.trustees.map((t) => [t.index, t.commitment]));
  const received = { ...kept.received };
  for (const item of got.shares) {
    const sealed = encryptedShareFromJson(item);
    const commitment = byDealer.get(sealed.dealer);
    const share = sealed.recipient === you && commitment && !commitmentFaults(commitment, threshold, context).length
      ? receiveShare(sealed, context, key, commitment) : null;
    if (share === null) {
      await call('POST', '/me/complain', { from: sealed.dealer });
      return `The share from trustee ${sealed.dealer} did not pass its check, so you have reported it and the ceremony has stopped.`;
    }
    received[sealed.dealer] = scalarHex(share);
  }
  const missing = state.trustees.filter((t) => !(t.index in received));
  if (missing.length) throw new Error(`no share has come from ${names(missing)}. Check again later.`);
  save(state.ceremony, { ...kept, received });
  await call('POST', '/me/accept');
  return 'Every share you received passed its check, and you have accepted them.';
}

function finish(me, kept) {
  if (!kept.received || Object.keys(kept.received).length !== state.trustee_count) {
    return offer('The ceremony is complete, but this browser does not hold all your shares, so it cannot make your key-share file.');
  }
  const x = keyShare(Object.values(kept.received).map(scalarFromHex));
  const commitments = state.trustees.map((t) => t.commitment);
  const y = electionKey(commitments);
  if (!gPow(x).equals(verificationKey(commitments, state.you)) || pointHex(y) !== state.joint_public_key) {
    return offer('Warning: your key share does not match what the trustees published. Do not use it; tell an administrator.');
  }
  const file = shareFile({
    org, body, ceremony: state.ceremony, context: state.context, trustee: state.you,
    threshold: state.threshold, trusteeCount: state.trustee_count, electionKey: y,
  }, x);
  const link = document.getElementById('ceremony-download');
  URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  link.download = `key-share-${org}-${body}-trustee-${state.you}.json`;
  document.getElementById('ceremony-election-key').textContent = state.joint_public_key;
  done.hidden = false;
  return offer('The ceremony is complete and your key share checks against what the trustees published. Download your key-share file now and keep it safe.');
}

refresh.addEventListener('click', reload);
document.getElementById('ceremony-needs-js').hidden = true;
root.hidden = false;
reload();
