import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { hasErrors, type Diagnostic } from '@snnc/common';
import { loadTarget, targetFile, type Target } from '@snnc/ir';
import { compile } from '@snnc/driver';
import { placementToJson, SPEC_FANIN_CODE, STRATEGIES, type Strategy } from '@snnc/mapper';
import { action, ExitCode, fail, intOption, note, outputProblems, pathOption, printDiagnostics, repeatableOption, writeOutput } from '../util.js';
import { loadConstraints, pinOption, type ConstraintOptions } from '../map-constraints.js';
import type { PopulationPinOption } from '@snnc/mapper';
import { phaseProgress } from './phase-progress.js';

/**
 * `snnc map <spec> --target <t>`: compile the spec, lower it for the target (or for another one
 * with --lower-for, e.g. srlif networks lowered for loihi2 and placed under loihi1's limits),
 * place it, and write the placement file. --json prints the headline figures as one JSON object.
 * Exit codes: 0 placed, 1 invalid input or no feasible placement, 2 usage, 70 internal error.
 */
export function register(program: Command): void {
  program
    .command('map')
    .description('place a network on the cores of a target (partition, lay out, route)')
    .argument('<spec>', 'network spec (JSON)')
    .requiredOption('-t, --target <target>', 'target name (targets/<name>.json) or file')
    .addOption(new Option('-s, --strategy <strategy>', 'placement strategy').choices([...STRATEGIES]).default('locality'))
    .option('-o, --output <file>', 'write the placement here (JSON)', pathOption)
    .option('--seed <n>', 'partitioner seed (default: the spec seed)', intOption(0, 0xffffffff))
    .option('--lower-for <target>', 'lower the network for this target and place it under --target limits')
    .option('--avoid <file>', 'JSON file of cores and chips not to use, and optional pins (schemas/avoid.schema.json, docs/mapper.md §9)')
    .option('--max-neurons-per-core <n>', 'at most n neurons (compartments) per core', intOption(1))
    .addOption(repeatableOption('--pin <pop=where>', 'pin a population: POP=chips:0,1 or POP=cores:0-15,32 (repeatable)', pinOption))
    .option('--json', 'print {"cores","chips","lowerBound","boundKind","lowerBoundInOrder","interCoreSpikes","hopTraffic","maxLinkLoad","seconds","strategy","target"}')
    .action(action((spec: string, o: MapCliOptions) => runMap(spec, o)));
}

/** The diagnostics naming the spec or the target file where they name none (a pointer into a target names the target). */
function located(diags: readonly Diagnostic[], file: string, targetFile: string): Diagnostic[] {
  return diags.map((d) => {
    const intoTarget = /^\/(system|core|chip|formats|synapseEncoding|learning)(\/|$)/.test(d.pointer ?? '');
    return { ...d, file: d.file ?? (intoTarget ? targetFile : file) };
  });
}

interface MapCliOptions extends ConstraintOptions {
  target: string; strategy: Strategy; output?: string; seed?: number; lowerFor?: string; json?: boolean; pin?: PopulationPinOption[];
}

function runMap(spec: string, o: MapCliOptions): number {
  const seed = o.seed;
  // targets given by name are read from targets/<name>.json: those files are inputs too
  const inputs = [spec, targetFile(o.target), o.lowerFor === undefined ? undefined : targetFile(o.lowerFor), o.avoid];
  const refused = outputProblems(o.output, inputs);
  if (refused.length) return fail(ExitCode.invalid, located(refused, spec, o.target));
  if (!fs.existsSync(spec)) {
    return fail(ExitCode.invalid, located([{ code: 'SNNC1001', severity: 'error', message: `spec file not found`, pointer: '', expected: 'an existing file', found: spec }], spec, o.target));
  }
  const t0 = process.hrtime.bigint();
  const lt = loadTarget(o.target);
  if (!lt.target) return fail(ExitCode.invalid, located(lt.diagnostics, o.target, o.target));
  const target: Target = lt.target;
  const lc = loadConstraints(o, target);
  if (hasErrors(lc.diagnostics)) return fail(ExitCode.invalid, located(lc.diagnostics, spec, o.target));
  printDiagnostics(located(lc.diagnostics, spec, o.target));
  const compiled = compile(spec, target, {
    stage: 'placement', strategy: o.strategy, ...(seed !== undefined ? { seed } : {}), ...(o.lowerFor !== undefined ? { lowerFor: o.lowerFor } : {}),
    ...(lc.constraints ? { constraints: lc.constraints } : {}),
    onPhase: phaseProgress(o, 'map'),
  });
  compiled.diagnostics = compiled.diagnostics.map(lc.label);
  if (!compiled.network || compiled.failed === 'lower') {
    fail(ExitCode.invalid, located(compiled.diagnostics, spec, o.lowerFor ?? o.target));
    if (!o.lowerFor && compiled.diagnostics.some((d) => d.code !== SPEC_FANIN_CODE && /model|srlif|neuron/i.test(d.message))) {
      note('to place a network this target cannot lower, lower it for another target: --lower-for loihi2');
    }
    return ExitCode.invalid;
  }
  const r = compiled;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  printDiagnostics(located(compiled.diagnostics, spec, o.target));
  if (!r.placement) return fail(ExitCode.invalid);
  if (o.output) {
    const w = writeOutput(o.output, placementToJson(r.placement), inputs);
    if (w.length) return fail(ExitCode.invalid, located(w, o.output, o.target));
  }
  const m = r.placement.metrics;
  if (o.json) {
    process.stdout.write(JSON.stringify({
      cores: m.cores, chips: m.chips, lowerBound: m.lowerBound, boundKind: m.boundKind ?? m.lowerBoundBy, lowerBoundInOrder: m.lowerBoundInOrder ?? m.lowerBound,
      coresToBound: m.coresToBound,
      ...(m.sequentialCores !== undefined ? { sequentialCores: m.sequentialCores, coresToSequential: m.coresToSequential, sequentialHopTraffic: m.sequentialHopTraffic, hopTrafficToSequential: m.hopTrafficToSequential } : {}),
      interCoreSpikes: m.interCoreSpikes, hopTraffic: m.hopTraffic,
      maxLinkLoad: m.maxLinkLoad, seconds: Math.round(seconds * 1000) / 1000, strategy: o.strategy, target: target.name,
    }) + '\n');
  } else {
    process.stdout.write(
      `${r.placement.network} on ${target.name} (${o.strategy}): ${m.cores} cores on ${m.chips} chip(s), certified lower bound ${m.lowerBound} (${m.boundKind ?? m.lowerBoundBy}); ` +
      `inter-core ${m.interCoreSpikes}, inter-chip ${m.interChipSpikes}, hop traffic ${m.hopTraffic}, max link ${m.maxLinkLoad}` +
      (o.output ? `; wrote ${o.output}` : '') + '\n',
    );
  }
  return 0;
}
