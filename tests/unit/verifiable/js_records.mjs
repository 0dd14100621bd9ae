// The independent Node verifier (tools/verify-js/verify.mjs) over many records in one process:
// reads a JSON list of records on stdin, writes the list of their {faults, summary} on stdout.
import { verifyRecord } from '../../../tools/verify-js/verify.mjs';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(JSON.parse(input).map((record) => verifyRecord(record))));
