import { escapeHtml, heatmap, htmlPage, lineChart, table, type Cell } from '@snnc/report';
import type { CheckpointRun } from './checkpoint.js';
import type { EpochRecord } from './trainer.js';

/**
 * The self-contained HTML report of a training run: the learning curve (train accuracy is the
 * online accuracy before each sample's own update; test is the held-out split with learning
 * off), the held-out confusion matrix, and the run's parameters. Timings are shown but are the
 * only non-deterministic part; the checkpoint carries none of them.
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
  run: CheckpointRun;
  epochs: EpochRecord[];
  /** C x C, row = true class */
  confusion: Uint32Array;
  classes: number;
  seconds: number;
  synapticEvents: number;
  command?: string;
}

export function trainingReportHtml(r: TrainingReportInput): string {
  const curve = lineChart({
    title: 'Learning curve',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    yRange: [0, 1],
    series: [
      { name: 'train (online)', points: r.epochs.map((e) => [e.epoch, e.trainAccuracy] as const) },
      { name: 'held-out test', points: r.epochs.map((e) => [e.epoch, e.testAccuracy] as const) },
    ],
  });
  const C = r.classes;
  const labels = Array.from({ length: C }, (_, c) => String(c));
  const confusion = heatmap({
    title: 'Held-out confusion matrix (rows: true class, columns: predicted)',
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
    ['epoch', 'train accuracy', 'test accuracy', 'train s', 'test s', 'synaptic events (train)', 'events/s (train)'],
    r.epochs.map((e): Cell[] => [
      e.epoch,
      pct(e.trainAccuracy),
      pct(e.testAccuracy),
      e.trainSeconds.toFixed(1),
      e.testSeconds.toFixed(1),
      e.trainSynapticEvents,
      e.trainSeconds > 0 ? Math.round(e.trainSynapticEvents / e.trainSeconds) : '',
    ]),
    { caption: "Per epoch" },
  );
  const run = r.run;
  const params = table(
    ['parameter', 'value'],
    [
      ['network', r.networkName],
      ['spec', r.specName],
      ['target', r.target],
      ['arithmetic', r.mode],
      ['dataset', run.dataset],
      ['split', `${run.trainSamples} train / ${run.testSamples} held-out test (stratified, seed ${run.seed})`],
      ['encoding', `${run.encoding.name} ${Object.entries(run.encoding.params).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' ')}`],
      ['epochs', run.epochs],
      ['hidden plasticity', run.hiddenPlasticity ? 'on (three-factor, §5.6)' : 'off (readout only)'],
      ['modulation', run.modulation === 'compressed' ? 'compressed through M modulatory dimensions (§5.4)' : 'direct from the broadcast error (ablation)'],
      ['final test accuracy', pct(run.testAccuracy)],
      ['seconds (total)', r.seconds.toFixed(1)],
      ['synaptic events (total)', r.synapticEvents],
    ],
  );
  return htmlPage({
    title: `Training report: ${r.networkName}`,
    subtitle: r.command ? escapeHtml(r.command) : undefined,
    sections: [
      { heading: 'Learning curve', html: curve + perEpoch },
      { heading: 'Confusion matrix', html: confusion },
      { heading: 'Parameters', html: params },
    ],
  });
}
