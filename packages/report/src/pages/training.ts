import { escapeHtml } from '../format.js';
import { heatmap } from '../heatmap.js';
import { htmlPage, table, type Cell } from '../html.js';
import { lineChart } from '../line-chart.js';
import { foldRateSchedule, formatAccuracy, formatSeedFigure, type AlignmentCurve, type CompleteRun, type EpochRecord, type SeedsSummary } from '@snnc/training';

/**
 * The self-contained HTML report of a training run: the learning curve (train accuracy is the
 * online accuracy before each sample's own update; validation is evaluated after every epoch with
 * learning off), the test part's confusion matrix (test is evaluated once, at the end), the run's
 * parameters and, for several seeds, the per-seed figures with mean ± sd and a 95% interval.
 * Timings are shown but are the only non-deterministic part; the checkpoint carries none of them.
 */
/** Two decimals: a 2,000-digit test moves in steps of 0.05 points. */
function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

export interface TrainingReportInput {
  networkName: string;
  specName: string;
  target: string;
  mode: 'fixed point' | 'float64';
  run: CompleteRun;
  epochs: EpochRecord[];
  /** C x C, row = true class */
  confusion: Uint32Array;
  classes: number;
  seconds: number;
  synapticEvents: number;
  command?: string;
  /** several seeds (`--seeds N`): every seed's run and the summary; `run` is the first seed's */
  seeds?: { runs: CompleteRun[]; summary: SeedsSummary };
  /** feedback alignment over training per seed (docs/semantics.md §5.10), when measured */
  alignment?: { seed: number; curve: AlignmentCurve }[];
  /** a resumed run (`snnc train --resume`): the checkpoint it continued and that run's epochs;
   *  `epochs`, seconds and events then cover only the epochs trained here, `run.curve` all of them */
  resumedFrom?: { file: string; epochs: number }[];
}

/**
 * A §5.11 schedule as a reader wants it: runs of equal shifts folded (foldRateSchedule), with
 * what the shifts do; absent or [0] is no schedule. With hidden shifts, entries a/h; with held
 * segments, entries a/h/hold and which share of the run holds homeostasis.
 */
export function describeRateSchedule(schedule: readonly number[] | undefined, hidden?: readonly number[], hold?: readonly boolean[]): string {
  const held = hold?.some((x) => x) ? hold : undefined;
  if (!schedule || (schedule.every((a) => a === 0) && !hidden?.some((h) => h !== 0) && !held)) return 'none (the rates of the spec throughout)';
  const per = schedule.length === 1 ? 'run' : `1/${schedule.length} of the run's training presentations`;
  const apart = hidden?.some((h, k) => h !== schedule[k]) ? hidden : undefined;
  const what = [
    `one rate shift a per ${per}, the learning rates divided by 2^a`,
    ...(apart ? ['where written a/h the hidden (three-factor) rule\'s by 2^h'] : []),
    ...(held ? [`where written a/h/hold homeostasis held (thresholds as in inference) through the segment: ${held.filter((x) => x).length} of ${held.length} segments`] : []),
  ];
  return `${foldRateSchedule(schedule, apart, held)}: ${what.join(', and ')} (§5.11)`;
}

export function trainingReportHtml(r: TrainingReportInput): string {
  const several = r.seeds !== undefined && r.seeds.runs.length > 1;
  const percent = (run: CompleteRun, of: (e: CompleteRun['curve'][number]) => number) => run.curve.map((e) => [e.epoch, 100 * of(e)] as const);
  const series = [
    // the run's record: every epoch, those of a resumed run's checkpoint included
    { name: `train (online)${several ? `, seed ${r.run.seed}` : ''}`, points: percent(r.run, (e) => e.trainAccuracy) },
    ...(several
      ? (r.seeds?.runs ?? []).map((run) => ({ name: `validation, seed ${run.seed}`, points: percent(run, (e) => e.validationAccuracy) }))
      : [{ name: 'validation', points: percent(r.run, (e) => e.validationAccuracy) }]),
  ];
  const curve = lineChart({
    title: 'Learning curve',
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
    yRange: accuracyAxis(series.flatMap((s) => s.points.map((p) => p[1]))),
    integerX: true,
    series,
  });
  const C = r.classes;
  const labels = Array.from({ length: C }, (_, c) => String(c));
  const confusion = heatmap({
    title: `Test confusion matrix, evaluated once after the last epoch${r.seeds && r.seeds.runs.length > 1 ? ` (summed over ${r.seeds.runs.length} seeds)` : ''} (rows: true class, columns: predicted)`,
    rows: C,
    cols: C,
    values: Array.from(r.confusion),
    rowLabels: labels,
    colLabels: labels,
    colorScale: 'viridis',
    scale: 'log',
    binReduce: 'sum',
    xLabel: 'predicted class',
    yLabel: 'true class',
  });
  const perEpoch = table(
    ['epoch', 'train accuracy', 'validation accuracy', 'train s', 'validation s', 'synaptic events (train)', 'events/s (train)'],
    r.epochs.map((e): Cell[] => [
      e.epoch,
      pct(e.trainAccuracy),
      pct(e.validationAccuracy),
      e.trainSeconds.toFixed(1),
      e.validationSeconds.toFixed(1),
      e.trainSynapticEvents,
      e.trainSeconds > 0 ? Math.round(e.trainSynapticEvents / e.trainSeconds) : '',
    ]),
    { caption: r.seeds && r.seeds.runs.length > 1 ? `Per epoch, seed ${run0(r).seed}` : 'Per epoch' },
  );
  const run = r.run;
  // with several seeds the summary is the Seeds table; these two rows are the first seed's
  const ofSeed = several ? `, seed ${run.seed}` : '';
  const params = table(
    ['parameter', 'value'],
    [
      ['network', r.networkName],
      ['spec', r.specName],
      ['target', r.target],
      ['arithmetic', r.mode],
      ['dataset', run.dataset],
      ['parts', `${run.trainSamples} train / ${run.validationSamples} validation / ${run.testSamples} test (stratified, split seed ${run.splitSeed}; docs/datasets.md)`],
      ['run seed', r.seeds && r.seeds.runs.length > 1 ? r.seeds.summary.seeds.join(', ') : run.seed],
      ['encoding', `${run.encoding.name} ${Object.entries(run.encoding.params).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' ')}`],
      ['epochs', run.epochs],
      ...(r.resumedFrom
        ? [['resumed from', `${r.resumedFrom.map((f) => `${f.file} after ${f.epochs} epoch(s)`).join(', ')}; seconds and events below count only the epochs trained here`] as Cell[]]
        : []),
      ['training shift', run.augment ? `up to ${run.augment.shift} px in x and y, a fresh offset per sample and epoch (training only)` : 'none'],
      ['learning-rate schedule', describeRateSchedule(run.rateSchedule, run.rateScheduleHidden, run.rateScheduleHold)],
      ['hidden plasticity', run.hiddenPlasticity ? 'on (three-factor, §5.6)' : 'off (readout only)'],
      ['modulation', run.modulation === 'compressed' ? 'compressed through M modulatory dimensions (§5.4)' : 'direct from the broadcast error (ablation)'],
      [`validation accuracy (last epoch${ofSeed})`, pct(run.validationAccuracy)],
      [`test accuracy (evaluated once${ofSeed})`, formatAccuracy(Math.round(run.testAccuracy * run.testSamples), run.testSamples)],
      ['seconds (total)', r.seconds.toFixed(1)],
      ['synaptic events (total)', r.synapticEvents],
    ],
  );
  return htmlPage({
    title: `Training report: ${r.networkName}`,
    subtitle: r.command ? escapeHtml(r.command) : undefined,
    sections: [
      ...(r.seeds && r.seeds.runs.length > 1 ? [{ heading: 'Seeds', html: seedsTable(r.seeds.runs, r.seeds.summary) }] : []),
      { heading: 'Learning curve', html: curve + perEpoch },
      ...(r.alignment?.length ? [{ heading: 'Feedback alignment', html: alignmentChart(r.alignment) }] : []),
      { heading: 'Confusion matrix', html: confusion },
      { heading: 'Parameters', html: params },
    ],
  });
}

/**
 * The accuracy axis in percent: from a multiple of 5 at least 2 points below the lowest value, to
 * 100. On [0, 100] a run that moves between 84 and 86 draws a flat line.
 */
function accuracyAxis(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  const lowest = finite.length ? Math.min(...finite) : 0;
  return [Math.max(0, Math.min(95, Math.floor((lowest - 2) / 5) * 5)), 100];
}

function run0(r: TrainingReportInput): CompleteRun {
  return r.seeds?.runs[0] ?? r.run;
}

/** Per-seed validation and test, then mean ± sd with the 95% t-interval. */
function seedsTable(runs: CompleteRun[], summary: SeedsSummary): string {
  const rows: Cell[][] = runs.map((run) => [
    run.seed,
    pct(run.trainAccuracy),
    pct(run.validationAccuracy),
    formatAccuracy(Math.round(run.testAccuracy * run.testSamples), run.testSamples),
  ]);
  rows.push(['all', '', formatSeedFigure(summary.validation), formatSeedFigure(summary.test)]);
  return table(['run seed', 'train (online, last epoch)', 'validation (last epoch)', 'test (once) [exact 95% interval]'], rows, {
    caption: 'Every seed trains on the same train part and is scored on the same test part; the last row is mean ± sd [95% Student-t interval]',
  });
}

/**
 * §5.10: angle between each block's effective feedback Wmh (Wem B^T) and its long-range weights
 * into the readout, per class, over training samples (one line per seed and block).
 */
function alignmentChart(a: { seed: number; curve: AlignmentCurve }[]): string {
  const series = a.flatMap(({ seed, curve }) =>
    curve.blocks.map((name, b) => ({
      name: `${name}${a.length > 1 ? `, seed ${seed}` : ''}`,
      points: curve.samples.map((n, k) => [n, curve.degrees[k][b] ?? Number.NaN] as const),
    })),
  );
  return lineChart({ title: 'Feedback alignment (0: feedback along the forward weights, 90: unrelated)', xLabel: 'training samples', yLabel: 'angle (degrees)', yRange: [0, 180], integerX: true, series });
}
