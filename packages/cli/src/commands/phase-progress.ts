import { say } from '../util.js';
import { HEARTBEAT_MS } from './train-progress.js';

/**
 * Progress of a long run on stderr, by the heartbeat convention of `snnc train` (train-progress.ts):
 * nothing while the run is short; once it has taken 2 s (stderr a terminal, no --json) or 120 s (a
 * log, or --json), one line as each later phase starts. `snnc bench map --neurons 50000000
 * --fanin 1` showed nothing for minutes of generating and mapping; `snnc compile` of the MNIST
 * default nothing for 17 s of lowering, mapping and generating. A phase told with the time it is
 * expected to take is said as it starts when the run would pass the silence in it: one phase can
 * be the whole run (`snnc validate` of a 216M-synapse spec expanded for a minute in silence), and
 * a synchronous phase cannot be interrupted to say so later.
 */
export function phaseProgress(o: { json?: boolean }, command: string, { now = () => performance.now(), write = (line: string) => say(line, command), tty = process.stderr.isTTY === true } = {}) {
  const t0 = now();
  const quiet = tty && !o.json ? 2000 : HEARTBEAT_MS;
  let last = '';
  return (what: string, expectedMs?: number) => {
    const ms = now() - t0;
    if (what === last) return;
    const long = expectedMs !== undefined && ms + expectedMs >= quiet;
    if (ms < quiet && !long) return;
    last = what;
    write(`${what} (${(ms / 1000).toFixed(1)} s so far${long ? `; about ${Math.max(1, Math.round(expectedMs / 1000))} s expected` : ''})`);
  };
}
