/**
 * A trained checkpoint on the chip (`snnc evaluate --on-chip`): the checkpoint's spec compiled for
 * its target into a chip image, the trained state written into the emulator in network order
 * (thresholds, rate estimates, plastic weights, modulatory states, SAL decoders:
 * @snnc/emulator's loadNetworkState), and the test part presented to both the emulator and the
 * reference simulator restored from the same checkpoint. Every prediction must agree: the chip runs
 * the network `snnc train` trained, bit for bit (docs/semantics.md §6), and the emulator's cost
 * model gives what inference with it costs: cycles, energy, spikes and traffic per inference.
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { compile } from '@snnc/driver';
import { createEmulator, loadNetworkState, type Emulator } from '@snnc/emulator';
import { hashNetwork, type Target } from '@snnc/ir';
import { ReferenceSimulator } from '@snnc/reference';
import { CheckpointCode } from './checkpoint.js';
import { inEmbeddedSpec, type LoadedCheckpoint } from './checkpoint-load.js';
import { evaluateRunner, type EvaluationResult, type RasterEncoder, type SampleSource } from './trainer.js';

export interface OnChipOptions {
  /** mapping strategy (default 'locality') */
  strategy?: string;
  /** emulator threads, one share of the cores each (default 1; the same predictions at any count) */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** the checkpoint file: the embedded spec's diagnostics (mapping it for the target included) are located there, at /specText */
  file?: string;
}

export interface OnChipEvaluation {
  reference: EvaluationResult;
  chip: EvaluationResult;
  /** every test prediction the same on the chip as in the reference simulator */
  identical: boolean;
  /** the first test sample (index into the part) whose predictions differ */
  firstDifference?: { sample: number; reference: number; chip: number };
  target: string;
  strategy: string;
  cores: number;
  chips: number;
  /** means over the test presentations (inference, learning off), from the emulator's cost model */
  perInference: { cycles: number; energyUJ: number; spikes: number; synapticOps: number; messages: number; hops: number };
  /** the clock the cycles count at: cycles / clockMHz = microseconds */
  clockMHz: number;
}

export function evaluateOnChip(
  ck: LoadedCheckpoint,
  data: SampleSource,
  encoder: RasterEncoder,
  indices: Uint32Array,
  target: Target,
  opts: OnChipOptions = {},
): { result?: OnChipEvaluation; diagnostics: Diagnostic[] } {
  const h = ck.header;
  const strategy = opts.strategy ?? 'locality';
  const c = compile({ text: h.specText, name: h.specName }, target, { stage: 'image', strategy });
  // located in the checkpoint, as loading it locates the spec's errors: a layer that does not fit
  // the checkpoint's target was said at the spec file it was recorded from (tiny.json#/layers/0),
  // which the user may not have, and an unlocated one at <input>
  const located = inEmbeddedSpec(c.diagnostics, h.specName, opts.file);
  if (!c.image || !c.network || !c.placement || c.failed) return { diagnostics: located };
  // the compiler's warnings (none on the defaults) are the caller's to print, with the run's own
  const diagnostics = [...located];
  if (hashNetwork(c.network) !== h.networkHash)
    return { diagnostics: [diag(CheckpointCode.networkMismatch, 'the checkpoint was trained on another network than its spec compiles to for this target', { file: opts.file, pointer: '/networkHash', expected: h.networkHash.slice(0, 16), found: hashNetwork(c.network).slice(0, 16), fix: "evaluate on the checkpoint's own target" })] };
  const made = createEmulator(c.image, opts.threads !== undefined && opts.threads > 1 ? { threads: opts.threads } : {});
  if (!made.emulator) return { diagnostics: [...diagnostics, ...made.diagnostics] };
  const emu = made.emulator;
  try {
    const loaded = loadNetworkState(emu, ck.snapshot);
    if (hasErrors(loaded)) return { diagnostics: [...diagnostics, ...loaded] };
    const placement = c.placement;
    const run = compare(emu, ck, data, encoder, indices, opts.onProgress, diagnostics);
    return {
      result: { ...run, target: target.name, strategy, cores: placement.cores.length, chips: new Set(placement.cores.map((x) => x.chip)).size },
      diagnostics,
    };
  } finally {
    emu.close();
  }
}

/** The test part on the chip and in the reference simulator restored from the same checkpoint. */
function compare(
  emu: Emulator,
  ck: LoadedCheckpoint,
  data: SampleSource,
  encoder: RasterEncoder,
  indices: Uint32Array,
  onProgress: OnChipOptions['onProgress'],
  diagnostics: Diagnostic[],
): Omit<OnChipEvaluation, 'target' | 'strategy' | 'cores' | 'chips'> {
  const r = ck.header.run;
  const ref = new ReferenceSimulator(ck.base, { hiddenPlasticity: r.hiddenPlasticity, modulation: r.modulation });
  ref.restore(ck.snapshot);
  const refPred = new Int32Array(indices.length);
  const chipPred = new Int32Array(indices.length);
  const total = 2 * indices.length;
  const reference = evaluateRunner(ref, data, encoder, indices, { predictions: refPred, onProgress: onProgress && ((done) => onProgress(done, total)) });
  emu.resetStats();
  const chip = evaluateRunner(emu, data, encoder, indices, { predictions: chipPred, onProgress: onProgress && ((done) => onProgress(indices.length + done, total)) });
  let first = -1;
  for (let k = 0; k < indices.length && first < 0; k++) if (refPred[k] !== chipPred[k]) first = k;
  if (first >= 0)
    diagnostics.push(diag('SNNC5116', `the chip emulator and the reference simulator disagree on test sample ${first} of the trained network`, {
      expected: `class ${refPred[first]} (reference simulator)`, found: `class ${chipPred[first]} (chip emulator)`,
      fix: 'a defect of snnc: run `snnc verify` on the spec to locate the first divergence, and report it',
    }));
  const s = emu.stats();
  const n = Math.max(1, s.samples);
  return {
    reference,
    chip,
    identical: first < 0,
    ...(first >= 0 ? { firstDifference: { sample: first, reference: refPred[first], chip: chipPred[first] } } : {}),
    perInference: {
      cycles: s.cycles.total / n,
      energyUJ: s.energyPJ.total / n / 1e6,
      spikes: s.spikes / n,
      synapticOps: s.ops.synapticOps / n,
      messages: s.noc.messages / n,
      hops: (s.noc.hopsEastWest + s.noc.hopsNorthSouth) / n,
    },
    clockMHz: s.cycles.clockMHz,
  };
}
