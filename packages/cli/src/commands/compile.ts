/**
 * `snnc compile <spec> --target T [--strategy S | --placement P] [--seed N] -o net.snnc [--json]`: lower the spec
 * for the target, map it (docs/mapper.md), generate the per-core programs (docs/chip-image.md)
 * and write the chip image atomically. With --json a summary goes to stdout: the image's
 * identity (target, size, CRC) and per-core usage; without it, one line.
 */
import type { Command } from 'commander';
import { describeReadError, diag, hasErrors, readInputText, type Diagnostic } from '@snnc/common';
import { placementFromJson, STRATEGIES, type Placement, type Strategy } from '@snnc/mapper';
import { compile } from '@snnc/driver';
import { targetFile } from '@snnc/ir';
import { coreSummary, readHeader } from '@snnc/image';
import { action, choiceOption, ExitCode, fail, ignoredOptions, intOption, outputProblems, pathOption, printDiagnostics, printJson, writeOutput } from '../util.js';
import { phaseProgress } from './phase-progress.js';

export interface CompileOptions {
  target: string;
  strategy: Strategy;
  seed?: number;
  placement?: string;
  output: string;
  json?: boolean;
}

/** Reads a placement file (`snnc map -o`), or returns the diagnostics saying why not. */
export function readPlacement(file: string): { placement?: Placement; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    return { diagnostics: [diag('SNNC3060', `cannot read the placement file: it ${describeReadError(e)}`, { file, pointer: '', expected: 'a placement written by snnc map -o' })] };
  }
  return placementFromJson(text, file);
}

export function runCompile(spec: string, o: CompileOptions, cmd?: Command): number {
  // a target given by name is read from targets/<name>.json: that file is an input too
  const inputs = [spec, targetFile(o.target), o.placement];
  const refused = outputProblems(o.output, inputs);
  if (refused.length) return fail(ExitCode.invalid, refused);
  if (cmd) printDiagnostics(ignoredOptions(cmd, [['strategy', 'placement', 'the placement file fixes where every neuron goes'], ['seed', 'placement', 'the mapper does not run']]));
  let placement: Placement | undefined;
  if (o.placement !== undefined) {
    const r = readPlacement(o.placement);
    if (!r.placement) return fail(ExitCode.invalid, r.diagnostics);
    placement = r.placement;
  }
  const built = compile(spec, o.target, { strategy: o.strategy, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(placement ? { placement } : {}), ...(o.placement !== undefined ? { placementFile: o.placement } : {}), onPhase: phaseProgress(o, 'compile') });
  if (!built.imageBytes || !built.image || hasErrors(built.diagnostics)) return fail(ExitCode.invalid, built.diagnostics);
  printDiagnostics(built.diagnostics);
  const w = writeOutput(o.output, built.imageBytes, inputs);
  if (w.length) return fail(ExitCode.invalid, w);
  const header = readHeader(built.imageBytes).header!;
  const img = built.image;
  const synapses = img.cores.reduce((s, c) => s + coreSummary(c).synapses, 0);
  if (o.json) {
    printJson({
      output: o.output,
      target: img.target,
      network: img.network,
      strategy: built.placement?.strategy ?? o.strategy,
      bytes: built.imageBytes.length,
      payloadCrc32: '0x' + header.payloadCrc.toString(16).padStart(8, '0'),
      cores: img.cores.length,
      chips: new Set(img.cores.map((c) => c.chip)).size,
      compartments: img.cores.reduce((s, c) => s + c.compartmentConfig.length, 0),
      hostPorts: img.hostPorts.length,
      synapses,
      learning: img.management.learning !== null,
      perCore: img.cores.map(coreSummary),
    });
  } else {
    process.stdout.write(
      `wrote ${o.output}: ${img.cores.length} cores on ${new Set(img.cores.map((c) => c.chip)).size} chip(s) of ${img.target}, ` +
        `${synapses} synapses, ${built.imageBytes.length} bytes, crc32 0x${header.payloadCrc.toString(16).padStart(8, '0')}\n`,
    );
  }
  return ExitCode.ok;
}

export function register(program: Command): void {
  program
    .command('compile')
    .description('compile a network spec into a chip image (lower, map, generate per-core programs)')
    .argument('<spec>', 'network spec (.json)')
    .requiredOption('-t, --target <target>', 'target name (targets/<name>.json) or path to a target file')
    .option('-s, --strategy <strategy>', `mapping strategy: ${STRATEGIES.join(' | ')}`, choiceOption(STRATEGIES), 'locality')
    .option('--seed <n>', 'mapper seed', intOption(0, 0xffffffff))
    .option('--placement <file>', 'use this placement (from snnc map -o) instead of mapping')
    .requiredOption('-o, --output <file>', 'chip image to write (e.g. net.snnc)', pathOption)
    .option('--json', 'print a JSON summary on stdout')
    .action(action((spec: string, o: CompileOptions, cmd: Command) => runCompile(spec, o, cmd)));
}
