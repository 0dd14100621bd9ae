// A verifiable vote's page (a motion's, or an approval election's ballot): encrypt the voter's
// choice in the browser, show the ballot's tracker, then cast it or check it (the Benaloh
// challenge, docs/VERIFY.md §7.6): checking opens the prepared ballot, shows the choice inside it
// and throws it away; the voter prepares a fresh one to cast. An opened ballot is never put in
// the form, so it is never cast. Without JavaScript (or if these modules fail to load) the page's
// server-encrypt form stays.
import {
  approvalElection, ballotFaults, makeApprovalBallot, makeMotionBallot, motionElection, openedApprovals,
  openedChoice, openingFaults, pointFromHex, tracker,
} from './index.js';

const root = document.getElementById('browser-vote');
const status = document.getElementById('vote-status');
const prepared = document.getElementById('vote-prepared');
const checked = document.getElementById('vote-checked');
const field = document.getElementById('vote-ballot');
const key = pointFromHex(root.dataset.key);
const approval = root.dataset.kind === 'approval';
const WORDS = { yes: 'Yes', no: 'No', abstain: 'Abstain' };
// An approval ballot's options are the candidates in the question's order (data-candidates).
const candidates = approval ? JSON.parse(root.dataset.candidates) : [];
const election = approval
  ? approvalElection(root.dataset.election, key, candidates.length, Number(root.dataset.min), Number(root.dataset.max))
  : motionElection(root.dataset.election, key);
const inputs = () => root.querySelectorAll(approval ? 'input[name="vote-approve"]' : 'input[name="vote-choice"]');
const nameOf = (id) => root.querySelector(`input[name="vote-approve"][value="${id}"]`).dataset.name;

/** The voter's choice: a motion's 'yes' | 'no' | 'abstain' (or undefined), or the indices ticked. */
function chosen() {
  if (!approval) return root.querySelector('input[name="vote-choice"]:checked')?.value;
  return [...inputs()].filter((i) => i.checked).map((i) => candidates.indexOf(i.value)).sort((a, b) => a - b);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** What a choice says, in words: "Yes", or the candidates ticked, or "no ticks". */
function inWords(choice) {
  if (!approval) return WORDS[choice];
  return choice.length ? choice.map((k) => nameOf(candidates[k])).join(', ') : 'no ticks (a blank ballot)';
}

// What is prepared and not yet cast or checked: { choice, ballot, opening, tracker } or null.
let current = null;

function discard() {
  current = null;
  field.value = '';
  prepared.hidden = true;
}

function prepare() {
  const choice = chosen();
  if (!approval && !choice) {
    status.textContent = 'Choose Yes, No or Abstain first.';
    root.querySelector('input[name="vote-choice"]').focus();
    return;
  }
  discard();
  status.textContent = 'Preparing your ballot…';
  // Let the status be painted before the work starts.
  setTimeout(() => {
    try {
      const { ballot, opening } = approval ? makeApprovalBallot(election, choice) : makeMotionBallot(election, choice);
      const faults = ballotFaults(ballot, election);
      if (faults.length) {
        status.textContent = `Something is wrong: the ballot did not check (${faults.join(', ')}). Please tell the organisers which browser this is.`;
        return;
      }
      current = { choice, ballot, opening, tracker: tracker(ballot) };
      field.value = JSON.stringify(ballot);
      document.getElementById('vote-tracker').textContent = current.tracker;
      prepared.hidden = false;
      status.textContent = 'Your ballot is prepared. Cast it, or check it first.';
      prepared.focus();
    } catch (error) {
      status.textContent = `This browser could not prepare a ballot: ${error.message}. Reload the page to vote with the server's help instead.`;
    }
  }, 0);
}

function check() {
  if (!current) return;
  const { choice, ballot, opening } = current;
  discard(); // Whatever the check shows, this ballot is never cast.
  const faults = openingFaults(ballot, opening, election);
  const inside = faults.length ? null : approval ? openedApprovals(opening) : openedChoice(opening);
  const result = document.getElementById('vote-checked-result');
  if (inside !== null && same(inside, choice)) {
    result.textContent = `It holds your choice: ${inWords(inside)}. The opening matches the locked ballot.`;
  } else {
    result.textContent = `Warning: this ballot does not hold your choice (${faults.join(', ') || inWords(inside)}). Do not vote from this browser; tell the organisers.`;
  }
  document.getElementById('vote-checked-tracker').textContent = tracker(ballot);
  document.getElementById('vote-opening').textContent = JSON.stringify(opening, null, 2);
  document.getElementById('vote-checked-ballot').textContent = JSON.stringify(ballot, null, 2);
  checked.hidden = false;
  status.textContent = `Checked and thrown away. ${result.textContent} Prepare a fresh ballot to vote.`;
  checked.focus();
}

inputs().forEach((input) => {
  input.addEventListener('change', () => {
    if (current && !same(current.choice, chosen())) {
      discard();
      status.textContent = 'You changed your choice, so the prepared ballot is thrown away. Prepare a new one.';
    }
  });
});
document.getElementById('vote-prepare').addEventListener('click', prepare);
document.getElementById('vote-check').addEventListener('click', check);
let sent = false; // A second press while the first is on its way would only be refused.
prepared.querySelector('form').addEventListener('submit', (event) => {
  if (sent || !current || !field.value) {
    event.preventDefault();
    if (!sent) status.textContent = 'Prepare your ballot first.';
    return;
  }
  sent = true;
  status.textContent = 'Casting your ballot…';
});
document.getElementById('server-vote').hidden = true;
root.hidden = false;
