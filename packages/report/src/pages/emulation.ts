/**
 * What `snnc emulate` reports: a JSON summary (--json, and summary.json under --out) and a
 * self-contained HTML report (--out DIR): accuracy, spike raster, per-core cycles, the critical
 * core per step, NoC statistics and energy per timestep and per inference (docs/emulator.md).
 * Deterministic: no timestamps, no absolute paths; numbers are rounded to fixed decimals.
 */
import { basename } from 'node:path';
import type { Emulator } from '@snnc/emulator';
import { barChart } from '../bar-chart.js';
import { htmlPage, table, type PageSection } from '../html.js';
import { lineChart } from '../line-chart.js';
import { rasterPlot } from '../raster-plot.js';
import type { EmulateRun } from '@snnc/driver';
import { formatAccuracy } from '@snnc/training';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function emulationSummary(file: string, emu: Emulator, run: EmulateRun, train: boolean): Record<string, unknown> {
  const st = run.stats;
  const img = emu.image;
  const clock = st.cycles.clockMHz;
  const perInfCycles = run.samples ? st.cycles.total / run.samples : 0;
  return {
    image: {
      file: basename(file),
      network: img.network,
      target: img.target,
      cores: img.cores.length,
      chips: new Set(img.cores.map((c) => c.chip)).size,
      compartments: emu.mach.nComp,
      synapses: emu.mach.nSyn,
      inputs: emu.inputSize,
      classes: emu.classes,
      timesteps: emu.timesteps,
    },
    mode: run.mode,
    train,
    samples: run.samples,
    steps: run.steps,
    ...(run.labelled ? { accuracy: run.samples ? r3(run.correct / run.samples) : 0, correct: run.correct } : {}),
    ...(run.before
      ? { heldOut: true, before: { samples: run.before.samples, train: run.before.train, accuracy: run.before.samples ? r3(run.before.correct / run.before.samples) : 0 } }
      : {}),
    spikes: st.spikes,
    inputSpikes: st.inputSpikes,
    ops: st.ops,
    noc: {
      messages: st.noc.messages,
      hostMessages: st.noc.hostMessages,
      inTileMessages: st.noc.inTileMessages,
      hops: st.noc.hopsEastWest + st.noc.hopsNorthSouth,
      hopsEastWest: st.noc.hopsEastWest,
      hopsNorthSouth: st.noc.hopsNorthSouth,
      chipCrossings: st.noc.chipCrossings,
      maxLinkLoad: st.noc.maxLinkLoad,
      meanMaxLinkLoad: r3(st.noc.meanMaxLinkLoad),
    },
    cycles: {
      clockMHz: clock,
      total: st.cycles.total,
      perStep: r3(st.cycles.meanStep),
      maxStep: st.cycles.maxStep,
      perInference: r3(perInfCycles),
      perInferenceUs: r3(perInfCycles / clock),
      noc: st.cycles.noc,
      barrier: st.cycles.barrier,
      management: st.cycles.management,
      criticalCore: st.cycles.criticalCore,
      criticalCoreSteps: run.criticalCounts,
      perCore: st.cycles.perCore,
    },
    energy: {
      totalPJ: r3(st.energyPJ.total),
      perStepPJ: r3(st.energyPJ.perStep),
      perInferencePJ: r3(st.energyPJ.perInference),
      perInferenceUJ: r3(st.energyPJ.perInference / 1e6),
      byOpPJ: Object.fromEntries(Object.entries(st.energyPJ.byOp).map(([k, v]) => [k, r3(v)])),
    },
    overflow: st.overflow,
  };
}

/** The raster SVG of the recorded steps (network-global neuron order, populations as bands). */
export function emulationRasterSvg(emu: Emulator, run: EmulateRun): string {
  const off = emu.offset;
  const bands = emu.populations.map((p, i) => ({ name: p.name, start: off[i], end: off[i + 1] }));
  return rasterPlot({ title: `Spikes, first ${run.record.n} steps`, spikes: run.record.spikes, numSteps: Math.max(1, run.record.n), numNeurons: Math.max(1, off[off.length - 1]), bands });
}

export function emulationReportHtml(summary: Record<string, unknown>, emu: Emulator, run: EmulateRun, command: string): string {
  const st = run.stats;
  const rec = run.record;
  const sections: PageSection[] = [];
  const s = summary as { accuracy?: number; energy: Record<string, number>; cycles: Record<string, number> };
  sections.push({
    heading: 'Summary',
    html: table(['quantity', 'value'], [
      ['image', `${emu.image.network} on ${emu.image.target}: ${emu.image.cores.length} cores`],
      ['samples / steps', `${run.samples} / ${run.steps}`],
      // the one accuracy a reader sees: percent, the count, its exact interval (as snnc train prints it)
      ...(run.labelled ? [['accuracy', formatAccuracy(run.correct, run.samples)] as [string, string]] : []),
      ['spikes (compartments / host inputs)', `${st.spikes} / ${st.inputSpikes}`],
      ['synaptic operations', st.ops.synapticOps],
      ['cycles per step (mean / max)', `${s.cycles.perStep} / ${st.cycles.maxStep}`],
      ['cycles per inference', s.cycles.perInference],
      ['energy per step (pJ)', s.energy.perStepPJ],
      ['energy per inference (pJ)', s.energy.perInferencePJ],
    ], { digits: 3 }),
  });
  sections.push({ heading: 'Spike raster', html: emulationRasterSvg(emu, run) });
  const steps = Array.from({ length: rec.n }, (_, t) => t);
  sections.push({
    heading: 'Cycles per step and critical-path core',
    html:
      lineChart({ title: 'Step cycles (critical core + NoC + barrier)', xLabel: 'step', integerX: true, yLabel: 'cycles', series: [{ name: 'cycles', points: steps.map((t) => [t, rec.cycles[t]] as [number, number]) }] }) +
      table(['core', 'steps on the critical path'], run.criticalCounts.map((c) => [c.core, c.steps])),
  });
  const pc = st.cycles.perCore;
  sections.push({
    heading: 'Per-core cycles',
    html:
      barChart({ title: 'Busy cycles per core and phase', yLabel: 'cycles', categories: pc.map((c) => String(c.core)), series: (['emit', 'deliver', 'update', 'learn'] as const).map((k) => ({ name: k, values: pc.map((c) => c[k]) })) }) +
      table(['core', 'emit', 'deliver', 'update', 'learn', 'total'], pc.map((c) => [c.core, c.emit, c.deliver, c.update, c.learn, c.total])),
  });
  const n = st.noc;
  sections.push({
    heading: 'Network on chip',
    html:
      table(['messages', 'host messages', 'in-tile', 'hops E-W', 'hops N-S', 'chip crossings', 'max link load', 'mean max link load'], [
        [n.messages, n.hostMessages, n.inTileMessages, n.hopsEastWest, n.hopsNorthSouth, n.chipCrossings, n.maxLinkLoad, n.meanMaxLinkLoad],
      ], { digits: 3 }) +
      lineChart({ title: 'Largest link load per step (contention)', xLabel: 'step', integerX: true, yLabel: 'messages on one link', series: [{ name: 'max link load', points: steps.map((t) => [t, rec.maxLinkLoad[t]] as [number, number]) }] }),
  });
  sections.push({
    heading: 'Energy',
    html:
      table(['operation', 'energy (pJ)'], Object.entries(st.energyPJ.byOp).map(([k, v]) => [k, v]), { digits: 1 }) +
      lineChart({ title: 'Energy per step', xLabel: 'step', integerX: true, yLabel: 'pJ', series: [{ name: 'energy', points: steps.map((t) => [t, rec.energyPJ[t]] as [number, number]) }] }),
  });
  return htmlPage({ title: `snnc emulate: ${emu.image.network}`, subtitle: command, sections });
}
