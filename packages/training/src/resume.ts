/**
 * Resuming a run (`snnc train --resume`) for more epochs: the checkpoint of a run of E
 * epochs is the state an uninterrupted run of E' > E epochs has after its first E epochs, *if* that
 * longer run would have trained those E epochs exactly as the checkpoint's run did. The data side
 * is keyed by absolute epoch already (epoch orders, sample keys, training shift offsets: datasets'
 * epochOrder and trainKey) and evaluation never changes the state (trainer.ts), so what can differ
 * is only what is spread over the whole run: the §5.11 rate schedule (segments of all E' epochs'
 * presentations) and the epochs that get the training shift. checkResume compares them presentation
 * by presentation; when they agree, the resumed run's checkpoint is byte-identical to the
 * uninterrupted run's (test/resume.test.ts), which is what lets a user (or a study) add a held
 * epoch to an hour-long run in two minutes without a second protocol.
 *
 * A partial checkpoint (written between epochs, `plannedEpochs` set) records the planned run's
 * schedule and shift: continued to its planned epochs with them, it is the run that was stopped.
 */
import { diag, rateShiftAt, type Diagnostic } from '@snnc/common';
import type { SimulatorSnapshot } from '@snnc/reference';
import type { Checkpoint, CheckpointRun } from './checkpoint.js';
import type { Dataset } from '@snnc/datasets';
import { checkDatasetDigest } from './checkpoint-dataset.js';
import { foldRateSchedule } from './rate-schedule.js';
import type { TrainJobOptions } from './train-job.js';

/** The part of a job a checkpoint fixes when it is resumed. */
export type ResumedJob = Required<
  Pick<TrainJobOptions, 'specText' | 'specName' | 'target' | 'train' | 'validation' | 'test' | 'splitSeed' | 'encoding' | 'encoderOptions' | 'seed' | 'hiddenPlasticity' | 'modulation' | 'augmentShift' | 'resume'>
> & { datasetName: string };

/** Code of "a resumed run would not continue its checkpoint" (epochs, schedule, shift, parts). */
export const RESUME_CODE = 'SNNC5115';

/** Where a resumed run starts: the checkpoint's run record (finished or stopped) and its state. */
export interface ResumeFrom {
  run: CheckpointRun;
  snapshot: SimulatorSnapshot;
  /** how the checkpoint is named in diagnostics */
  file?: string;
}

/** What the resumed run will do over all its epochs, as the session resolved it. */
export interface ResumePlan {
  epochs: number;
  schedule: readonly number[];
  hidden?: readonly number[];
  hold?: readonly boolean[];
  /** the training shift in epochs 0 .. augmentEpochs - 1 (when the run shifts at all) */
  augmentEpochs: number;
}

/**
 * The job options a checkpoint fixes: everything that defines its run except what the continuation
 * may choose (epochs, rate schedule, augment epochs). The spec text is the run seed's own
 * (specForRunSeed was applied when it was trained), so the session must not draw it again.
 */
export function resumeJobOptions(ck: Checkpoint, file?: string): ResumedJob {
  const h = ck.header;
  const r = h.run;
  return {
    specText: h.specText,
    specName: h.specName,
    target: h.target,
    datasetName: r.dataset,
    train: r.trainSamples,
    validation: r.validationSamples,
    test: r.testSamples,
    splitSeed: r.splitSeed,
    encoding: r.encoding.name,
    // a rate checkpoint without `regular` was Bernoulli: say so, so that no default code replaces it;
    // a graded one (§2.4) has no code, and one given to it is warned about (make-encoder.ts)
    encoderOptions: { ...(r.encoding.name === 'rate' && r.encoding.params.graded !== 1 ? { regular: 0 } : {}), ...r.encoding.params },
    seed: r.seed,
    hiddenPlasticity: r.hiddenPlasticity,
    modulation: r.modulation,
    augmentShift: r.augment?.shift ?? 0,
    resume: { run: r, snapshot: ck.snapshot, ...(file !== undefined ? { file } : {}) },
  };
}

/**
 * Every g where a schedule of L entries over G presentations may change value (rateShiftAt takes
 * floor(L g / G)): ceil(j G / L) and its neighbours, so float rounding cannot hide a step.
 */
function steps(L: number, G: number, upTo: number, into: Set<number>): void {
  for (let j = 0; j <= L; j++) {
    const c = Math.ceil((j * G) / L);
    for (const g of [c - 1, c, c + 1]) if (g >= 0 && g < upTo) into.add(g);
  }
}

/**
 * Diagnostics when the plan's first E epochs would not train as the checkpoint's run did ([] when
 * they would). Work is O(schedule entries), not O(presentations). With `dataset` (the session
 * gives it), also when the samples are another copy than the run's (checkpoint-dataset.ts).
 */
export function checkResume(from: ResumeFrom, plan: ResumePlan, trainSamples: number, dataset?: { data: Dataset; digest: string }): Diagnostic[] {
  const run = from.run;
  const E = run.epochs;
  // the epochs the checkpoint's schedule and shift are spread over: its plan when it is partial
  const spread = run.plannedEpochs ?? E;
  const file = from.file;
  // another copy of the dataset (same name, other samples) would continue the run on samples it never had
  const other = dataset ? checkDatasetDigest(run, dataset.data, { file, severity: 'error', digest: dataset.digest }) : [];
  if (other.length) return other;
  // the split is the checkpoint's by construction; a dataset that changed size since is another run
  // (and would put every later check at the wrong presentations)
  if (run.trainSamples !== trainSamples)
    return [
      diag(RESUME_CODE, "the train part differs from the checkpoint's run", {
        file,
        pointer: '/run/trainSamples',
        expected: `${run.trainSamples} training samples`,
        found: String(trainSamples),
        fix: 'resume with the dataset the checkpoint was trained on',
      }),
    ];
  if (plan.epochs <= E)
    return [
      diag(RESUME_CODE, `a resumed run must train more epochs than the checkpoint's ${E}`, {
        file,
        pointer: '/run/epochs',
        expected: `--epochs above ${E}`,
        found: `--epochs ${plan.epochs}`,
        fix: `--epochs ${E + 1} (one more epoch) or more`,
      }),
    ];
  const out: Diagnostic[] = [];
  const shift = run.augment?.shift ?? 0;
  const before = Math.min(E, run.augment?.epochs ?? spread);
  if (shift > 0 && Math.min(E, plan.augmentEpochs) !== before)
    out.push(
      diag(RESUME_CODE, `the resumed run would move training presentations in another set of the first ${E} epochs than the checkpoint's run did`, {
        file,
        pointer: '/run/augment/epochs',
        expected: `the training shift in the first ${before} epoch(s), as the checkpoint's run`,
        found: `the shift in the first ${Math.min(E, plan.augmentEpochs)}`,
        fix: before < E ? `--augment-epochs ${before}` : `--augment-epochs ${E} or more (or a schedule that holds nothing before epoch ${E + 1})`,
      }),
    );
  const oldSchedule = run.rateSchedule ?? [0];
  const oldG = spread * trainSamples;
  const newG = plan.epochs * trainSamples;
  const at = new Set<number>([0]);
  steps(oldSchedule.length, oldG, E * trainSamples, at);
  steps(plan.schedule.length, newG, E * trainSamples, at);
  const oldEntry = (g: number) => {
    const a = rateShiftAt(oldSchedule, g, oldG);
    return `${a}/${run.rateScheduleHidden ? rateShiftAt(run.rateScheduleHidden, g, oldG) : a}${run.rateScheduleHold && rateShiftAt(run.rateScheduleHold, g, oldG) ? '/hold' : ''}`;
  };
  const newEntry = (g: number) => {
    const a = rateShiftAt(plan.schedule, g, newG);
    return `${a}/${plan.hidden ? rateShiftAt(plan.hidden, g, newG) : a}${plan.hold && rateShiftAt(plan.hold, g, newG) ? '/hold' : ''}`;
  };
  for (const g of [...at].sort((a, b) => a - b)) {
    const was = oldEntry(g);
    const now = newEntry(g);
    if (was === now) continue;
    // a schedule that continues the checkpoint: its entries first (each repeated r times when the
    // longer run's segments must be shorter), then entries of the same length for the new epochs
    const L = oldSchedule.length;
    const r = (L * plan.epochs) % spread === 0 ? 1 : spread;
    const rep = <T>(list: readonly T[] | undefined) => list?.flatMap((x) => new Array<T>(r).fill(x));
    const prefix = foldRateSchedule(rep(oldSchedule)!, rep(run.rateScheduleHidden), rep(run.rateScheduleHold));
    const extra = (L * r * plan.epochs) / spread - L * r;
    out.push(
      diag(RESUME_CODE, `the rate schedule over ${plan.epochs} epochs does not train the first ${E} as the checkpoint's run did`, {
        file,
        pointer: '/run/rateSchedule',
        expected: `epoch ${Math.floor(g / trainSamples) + 1}, presentation ${(g % trainSamples) + 1} at ${was} (a/h[/hold]), as the checkpoint's schedule ${foldRateSchedule(oldSchedule, run.rateScheduleHidden, run.rateScheduleHold)} over ${spread} epochs`,
        found: `${now} from the schedule ${foldRateSchedule(plan.schedule, plan.hidden, plan.hold)} over ${plan.epochs} epochs`,
        fix:
          spread > E
            ? `--epochs ${spread} and the schedule the checkpoint records (${foldRateSchedule(oldSchedule, run.rateScheduleHidden, run.rateScheduleHold)}): the run it was written by`
            : `--rate-schedule "${prefix}, ..." with ${extra} more entr${extra === 1 ? 'y' : 'ies'} for epoch${plan.epochs - E > 1 ? `s ${E + 1}..${plan.epochs}` : ` ${plan.epochs}`}`,
      }),
    );
    break;
  }
  return out;
}
