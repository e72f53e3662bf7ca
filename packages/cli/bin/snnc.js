#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the root prepare step).
import { main } from '../dist/src/main.js';
// A closed pipe (`snnc inspect net.snnc | head`) is the reader's choice, not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Last-resort guard: a bug must still not print a raw stack to a user unless asked.
    process.stderr.write(`snnc: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (process.env.SNNC_DEBUG) process.stderr.write(String(err && err.stack) + '\n');
    process.exitCode = 70;
  },
);
