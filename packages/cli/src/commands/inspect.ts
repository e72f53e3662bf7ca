/**
 * `snnc inspect <spec|image> [--json] [--target T]`: what a spec expands to (populations, synapse
 * counts per projection, fan-in/fan-out min/mean/max, memory estimate per target), or, when the
 * file is a chip image (magic "SNNCIMG\0"), the image dump of inspect-image.ts.
 * The output depends only on the spec and the targets (no paths beyond the name given, no time),
 * so it is stable across runs and machines.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { hasErrors, warning, type Diagnostic } from '@snnc/common';
import { startsLikeChipImage } from '@snnc/image';
import { graphStats, listTargets, lowerGraph, type Graph, type GraphStats, type LoweringReport, type Spread, type Target } from '@snnc/ir';
import { coreLowerBound, type CoreLowerBound } from '@snnc/mapper';
import { action, CLI_OPTION_IGNORED, ExitCode, fail, loadAndCompile, printDiagnostics, printJson, repeatableOption, resolveTarget } from '../util.js';
import { inspectImage } from './inspect-image.js';
import { phaseProgress } from './phase-progress.js';

interface InspectOptions {
  json?: boolean;
  target?: string[];
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('show what a spec expands to (populations, synapses, fan-in/fan-out, memory per target) or dump a chip image')
    .argument('<file>', 'network spec (.json) or chip image (.snnc)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(repeatableOption('-t, --target <target>', 'memory estimate for this target (name or path; repeatable; default: every target in targets/)', collect))
    .addHelpText('after', '\nExit status: 0 ok, 1 invalid input (diagnostics on stderr), 2 usage error.\n')
    .action(action((file: string, opts: InspectOptions) => run(file, opts)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Whether `file` goes to the chip-image inspector: it starts with the image magic, with a part of
 * it (a truncated image), with "SNNC" (another snnc binary, a damaged magic), or with bytes no
 * JSON text holds. Then a short or damaged image is refused as an image (SNNC4001, 4002), not as
 * a JSON syntax error.
 */
function isImageFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return false; // the spec loader refuses it, located
    const head = new Uint8Array(8);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const h = head.subarray(0, n);
    if (n === 0) return false;
    if (startsLikeChipImage(h)) return true;
    if (n >= 4 && String.fromCharCode(...h.subarray(0, 4)) === 'SNNC') return true;
    return h.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f);
  } catch {
    return false; // unreadable: the spec loader reports it with a located diagnostic
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Per target: the estimate plus whether the network lowers onto it at all (neuron models, ranges). */
interface TargetRow {
  target: string;
  lowers: boolean;
  loweringErrors: string[];
  /** quantisation per projection; printed when a single target is asked for */
  report?: LoweringReport;
  /** the mapper's true lower bound on cores, when the graph lowers onto the target */
  bound?: CoreLowerBound;
}

async function run(file: string, opts: InspectOptions): Promise<number> {
  if (isImageFile(file)) {
    // the estimate --target asks for is a spec's; an image is dumped as compiled (for its own target)
    if (opts.target) printDiagnostics([warning(CLI_OPTION_IGNORED, `--target is ignored for a chip image: it estimates a spec's memory per target, and an image is dumped as compiled`, { file: '--target', pointer: '', fix: 'drop --target (the dump names the image\'s target)' })]);
    return inspectImage(file, opts.json === true);
  }
  const r = loadAndCompile(file, undefined, { onPhase: phaseProgress(opts, 'inspect') });
  if (!r.ok || !r.graph) return fail(ExitCode.invalid, r.diagnostics);
  const diagnostics: Diagnostic[] = [...r.diagnostics];
  const targets: Target[] = [];
  for (const name of opts.target ?? listTargets()) {
    const t = resolveTarget(name);
    diagnostics.push(...t.diagnostics);
    if (t.target) targets.push(t.target);
  }
  if (hasErrors(diagnostics)) return fail(ExitCode.invalid, diagnostics);
  printDiagnostics(diagnostics);
  const stats = graphStats(r.graph, targets);
  const rows = targets.map((t) => lowersOnto(r.graph!, t, file));
  const single = opts.target?.length === 1 ? rows[0]?.report : undefined;
  if (opts.json) {
    printJson({
      ...stats,
      kind: r.spec?.kind,
      memory: stats.memory.map((m, i) => ({
        ...m, target: rows[i].target, lowers: rows[i].lowers, loweringErrors: rows[i].loweringErrors,
        coresLowerBound: rows[i].bound?.cores ?? null, coresLowerBoundBy: rows[i].bound?.by ?? null, boundKind: rows[i].bound?.boundKind ?? null,
        chipsLowerBound: rows[i].bound?.chips ?? null, fits: rows[i].bound?.fits ?? null,
      })),
      ...(single ? { lowering: single } : {}),
    });
  } else {
    process.stdout.write(formatStats(stats, rows, r.spec?.kind ?? ''));
    if (single) process.stdout.write(formatLowering(single));
  }
  return ExitCode.ok;
}

function lowersOnto(graph: Graph, t: Target, file: string): TargetRow {
  const low = lowerGraph(graph, t, { file });
  const errors = low.diagnostics.filter((d) => d.severity === 'error');
  // One line per distinct problem (e.g. "srlif not supported" once, not per population).
  const distinct = [...new Set(errors.map((d) => `${d.code} ${d.found !== undefined ? `${d.message.replace(/^population "[^"]*" /, '')}` : d.message}`))];
  const bound = low.network && errors.length === 0 ? coreLowerBound(low.network, t).bound : undefined;
  return { target: t.name, lowers: errors.length === 0, loweringErrors: distinct, ...(low.report ? { report: low.report } : {}), ...(bound ? { bound } : {}) };
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const spread = (s: Spread) => `${s.min}/${fmt(s.mean)}/${s.max}`;

/** A plain-text table; column widths from the content. */
function table(header: string[], body: string[][]): string {
  const w = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  // Numbers right-aligned (digits line up), words left-aligned.
  const numeric = header.map((_, c) => body.length > 0 && body.every((row) => /^[-\d./]+$/.test(row[c])));
  const line = (row: string[]) => row.map((cell, c) => (numeric[c] ? cell.padStart(w[c]) : cell.padEnd(w[c]))).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n') + '\n';
}

function formatStats(s: GraphStats, rows: TargetRow[], kind: string): string {
  let out = `network "${s.name}" (${kind}): ${s.timesteps} steps, ${s.inputs} inputs, ${s.neurons} neurons, ${s.synapses} synapses (${s.plasticSynapses} plastic)\n\n`;
  out += 'populations (fan-in/fan-out: synapses per neuron, min/mean/max)\n';
  out += table(
    ['id', 'role', 'model', 'size', 'fan-in', 'fan-out'],
    s.populations.map((p) => [p.id, p.role, p.model, String(p.size), spread(p.fanIn), spread(p.fanOut)]),
  );
  out += '\nprojections\n';
  out += table(
    ['id', 'source -> target', 'kind', 'plastic', 'delay', 'synapses', 'density', 'fan-in', 'fan-out'],
    s.projections.map((p) => [
      p.id,
      `${p.source} -> ${p.target}`,
      p.kind,
      p.plasticity,
      String(p.delay),
      String(p.synapses),
      p.density.toFixed(4),
      spread(p.fanIn),
      spread(p.fanOut),
    ]),
  );
  if (s.memory.length) {
    out += '\nmemory estimate per target (cores: the mapper\'s certified lower bound and its argument, docs/mapper.md §3; `snnc map` places exactly)\n';
    out += table(
      ['target', 'synapse KiB', 'learn KiB', 'cores(syn)', 'cores(neur)', 'cores(learn)', 'cores', 'bound kind', 'chips', 'fits', 'lowers'],
      s.memory.map((m, i) => [
        m.target,
        (m.synapseBits / 8192).toFixed(1),
        (m.learningStateBits / 8192).toFixed(1),
        String(m.coresBySynapseMemory),
        String(m.coresByCompartments),
        Number.isFinite(m.coresByLearningState) ? String(m.coresByLearningState) : 'none',
        rows[i].bound ? String(rows[i].bound!.cores) : '-',
        rows[i].bound ? rows[i].bound!.boundKind : '-',
        rows[i].bound ? String(rows[i].bound!.chips) : '-',
        rows[i].bound ? (rows[i].bound!.fits ? 'yes' : 'no') : '-',
        rows[i].lowers ? 'yes' : 'no',
      ]),
    );
    for (const row of rows) for (const e of row.loweringErrors) out += `  ${row.target}: ${e}\n`;
  }
  return out;
}

const sig = (x: number) => (x === 0 ? '0' : x.toPrecision(3));

/** What lowering did to each projection's weights (only for one --target: it is per target). */
function formatLowering(rep: LoweringReport): string {
  let out = `\nlowering onto ${rep.target} (weight = mantissa * 2^(6 + exp) LSBs; errors in voltage units)\n`;
  out += table(
    ['projection', 'exp', 'bits', 'lsb', 'rms err', 'rel rms', 'max err', 'zeroed', 'clamped', 'rate', 'rate lowered'],
    rep.projections.map((q) => [
      q.id,
      String(q.weightExp),
      String(q.weightBits),
      sig(q.lsb),
      sig(q.rmsError),
      sig(q.relRmsError),
      sig(q.maxError),
      String(q.zeroed),
      String(q.clamped),
      q.learnRate !== undefined ? sig(q.learnRate) : '-',
      q.learnRateLowered !== undefined ? sig(q.learnRateLowered) : '-',
    ]),
  );
  const scales = rep.populations.filter((p) => p.voltageScaleLog2 !== null).map((p) => `${p.id} 2^${p.voltageScaleLog2}`);
  if (scales.length) out += `voltage scale (LSBs per voltage unit): ${scales.join(', ')}\n`;
  // issue 12 item 6: the headroom the scale assumed, and the worst case of the input (all presynaptic neurons spiking)
  if (rep.headroom.length) {
    out += `headroom (worst case: every presynaptic neuron spiking every step; LSBs)\n`;
    out += table(
      ['population', 'headroom bits', 'input', 'current', 'voltage', 'overflow possible'],
      rep.headroom.map((h) => [h.id, String(h.headroomBits), sig(h.worstInput), sig(h.worstCurrent), Number.isFinite(h.worstVoltage) ? sig(h.worstVoltage) : 'unbounded', h.bounded ? 'no' : 'yes']),
    );
  }
  return out;
}
