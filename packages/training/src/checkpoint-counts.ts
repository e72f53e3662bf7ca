import { diag, type Diagnostic } from '@snnc/common';
import { CheckpointCode } from './checkpoint-codes.js';

/**
 * The counts a checkpoint's header records of its run, held against each other. `snnc train` applies
 * one learning epoch per training presentation (docs/semantics.md §5: once per sample) and every
 * epoch presents the whole train part once (trainer.ts), so the state's `/learningEpoch` (the §1.4
 * rounding key, restored as the snapshot's epoch) is `/run/epochs` x `/run/trainSamples`, and the
 * curve has one entry per epoch, numbered 1..epochs. Every writer of format 2 (since 2026-12-03)
 * wrote them so, a resumed run too (it restores the state's epoch and appends to the curve), and a
 * partial checkpoint counts the epochs it has trained, not its plan.
 *
 * A header whose counts disagree was edited, and the record is then wrong about what the state was
 * trained on: `snnc evaluate --part held-out` takes the samples after `/run/trainSamples` as never
 * trained on, so a smaller trainSamples scored trained samples as held out, in silence. The field
 * located is the one the other two contradict (CheckpointCode.counts).
 */

/** The header fields read here, after checkCheckpointHeader has found them of the right kinds. */
interface Counted {
  learningEpoch: number;
  run: { epochs: number; trainSamples: number; curve: readonly { epoch: number }[] };
}

const FIX = 'use the checkpoint `snnc train` wrote: this record was edited, and no longer says what its state was trained on';

/** The disagreement of the header's counts, located at the field the others contradict; [] when they agree. */
export function checkRunCounts(h: Counted, file?: string): Diagnostic[] {
  const { learningEpoch: L, run } = h;
  const { epochs: E, trainSamples: N, curve } = run;
  const C = curve.length;
  const bad = (pointer: string, message: string, expected: string, found: string) => [diag(CheckpointCode.counts, message, { file, pointer, expected, found, fix: FIX })];
  // the epochs the state has learned, when the train part's size divides them
  const learned = N > 0 && L % N === 0 ? L / N : undefined;
  if (C !== E) {
    if (learned === C)
      return bad('/run/epochs', `the checkpoint says ${E} epochs were trained, and its curve and state count ${C}`, `${C} (the curve's entries; /learningEpoch ${L} / /run/trainSamples ${N})`, String(E));
    return bad('/run/curve', `the checkpoint's curve has ${C} entries for ${E} epochs`, `${E} entries, one per epoch trained (/run/epochs)`, `${C} entries`);
  }
  const k = curve.findIndex((c, i) => c.epoch !== i + 1);
  if (k >= 0) return bad(`/run/curve/${k}/epoch`, `the checkpoint's curve numbers its epochs out of order`, `${k + 1} (the curve numbers the epochs 1..${E})`, String(curve[k].epoch));
  if (L === E * N) return [];
  // the curve confirms the epochs: trainSamples or the learning epoch is wrong, whichever the other contradicts
  if (E > 0 && L % E === 0)
    return bad('/run/trainSamples', `the checkpoint's train part disagrees with the learning its state has done`, `${L / E} (/learningEpoch ${L} / /run/epochs ${E}: one learning epoch per train sample and epoch)`, String(N));
  return bad('/learningEpoch', `the checkpoint's state has done other learning than its run records`, `${E * N} (/run/epochs ${E} x /run/trainSamples ${N}: one learning epoch per train sample and epoch)`, String(L));
}
