// The "check this browser" page (/verifiable/check): make a motion ballot for "yes" under a
// throwaway key, check its proofs, open it (the Benaloh check) and show how long it took.
import { keyPair, makeMotionBallot, motionElection, ballotFaults, openingFaults, openedChoice, pointHex, tracker } from './index.js';

const button = document.getElementById('check-make');
const status = document.getElementById('check-status');
document.getElementById('check-needs-js').hidden = true;
button.hidden = false;

button.addEventListener('click', () => {
  status.textContent = 'Making a test ballot…';
  // Let the status be painted before the work starts.
  setTimeout(() => {
    try {
      const started = performance.now();
      const { y } = keyPair();
      const election = motionElection('browser-check', y);
      const { ballot, opening } = makeMotionBallot(election, 'yes');
      const made = performance.now() - started;
      const faults = [...ballotFaults(ballot, election), ...openingFaults(ballot, opening, election)];
      if (faults.length || openedChoice(opening) !== 'yes') {
        status.textContent = `Something is wrong: the test ballot did not check (${faults.join(', ')}). Please tell the organisers which browser this is.`;
        return;
      }
      document.getElementById('check-tracker').textContent = tracker(ballot);
      document.getElementById('check-key').textContent = pointHex(y);
      document.getElementById('check-ballot').textContent = JSON.stringify(ballot, null, 2);
      document.getElementById('check-details').hidden = false;
      status.textContent = `It works. This browser made a test ballot for "yes" in ${Math.round(made)} ms, its proofs check, and opening it shows "yes".`;
    } catch (error) {
      status.textContent = `This browser could not make a ballot: ${error.message}. You can still vote: ask the server to lock your ballot for you.`;
    }
  }, 0);
});
