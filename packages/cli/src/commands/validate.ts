/**
 * `snnc validate <spec> [--target T]`: schema + semantic checks (all errors, located), then the
 * deterministic expansion (which can still refuse, e.g. a generated synapse beyond a size), and
 * with --target the lowering onto that target's fixed-point formats.
 * A target file (one with "targetVersion") is validated as a target instead.
 * Exit 0 valid (warnings may be printed), 1 invalid (every diagnostic printed), 2 usage.
 */
import type { Command } from 'commander';
import { canonicalJson, hasErrors, readInputText } from '@snnc/common';
import { neuronCount, parseJsonText, synapseCount, validateTarget } from '@snnc/ir';
import { action, ExitCode, loadAndCompile, printDiagnostics, status } from '../util.js';
import { phaseProgress } from './phase-progress.js';

interface ValidateOptions {
  target?: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a network spec: JSON syntax, schema, references and sizes, expansion; with --target also lowering')
    .argument('<spec...>', 'network spec files (.json), kind "srsnn" or "graph"; or target files')
    .option('-t, --target <target>', 'also lower onto this target (a name in targets/ or a path to a target .json)')
    .option('--json', 'print the result and every diagnostic as JSON on stdout (one line per file)')
    .option('-q, --quiet', 'print errors only (no warnings, no summary line)')
    .addHelpText('after', '\nExit status: 0 valid, 1 invalid (diagnostics as file#/pointer: error CODE: message), 2 usage error.\n')
    // Every file is checked (no stop at the first invalid one); exit 1 if any is invalid.
    // With --json, one JSON document per file, one per line.
    .action(action((specs: string[], opts: ValidateOptions) => Math.max(...specs.map((spec) => run(spec, opts)))));
}

/** A target document, recognised by its "targetVersion" (cheap: the file is parsed once more). */
function asTarget(file: string): unknown {
  let text: string;
  try {
    text = readInputText(file);
  } catch {
    return undefined; // the spec loader reports unreadable files
  }
  const parsed = parseJsonText(text, file);
  const doc = parsed.value as Record<string, unknown> | null;
  return parsed.diagnostics.length === 0 && doc && typeof doc === 'object' && 'targetVersion' in doc ? doc : undefined;
}

function run(specPath: string, opts: ValidateOptions): number {
  const targetDoc = asTarget(specPath);
  if (targetDoc !== undefined) {
    const t = validateTarget(targetDoc, specPath);
    if (opts.json) process.stdout.write(canonicalJson({ file: specPath, valid: !!t.target, kind: 'target', diagnostics: t.diagnostics }, 0));
    else {
      printDiagnostics(t.diagnostics, { errorsOnly: opts.quiet });
      if (t.target && !opts.quiet) process.stdout.write(`${specPath}: valid target "${t.target.name}" (${t.target.chip.cores} cores per chip, up to ${t.target.system.maxChips} chips)\n`);
      if (!t.target && !opts.quiet) status(`${specPath}: invalid target (${t.diagnostics.filter((d) => d.severity === 'error').length} errors)`);
    }
    return t.target ? ExitCode.ok : ExitCode.invalid;
  }
  const r = loadAndCompile(specPath, opts.target, { onPhase: phaseProgress(opts, 'validate') });
  const valid = r.ok;
  if (opts.json) {
    const g = r.graph;
    process.stdout.write(
      canonicalJson(
        {
          file: specPath,
          valid,
          kind: r.spec?.kind ?? null,
          target: opts.target ?? null,
          neurons: g ? neuronCount(g) : null,
          synapses: g ? synapseCount(g) : null,
          diagnostics: r.diagnostics,
        },
        0, // one line per file (JSON Lines)
      ),
    );
    return valid ? ExitCode.ok : ExitCode.invalid;
  }
  printDiagnostics(r.diagnostics, { errorsOnly: opts.quiet });
  if (!valid || hasErrors(r.diagnostics)) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    if (!opts.quiet) status(`${specPath || '<empty path>'}: invalid (${n} error${n === 1 ? '' : 's'})`);
    return ExitCode.invalid;
  }
  if (!opts.quiet && r.graph) {
    const g = r.graph;
    const neurons = neuronCount(g);
    const synapses = synapseCount(g);
    const on = opts.target ? `, lowers onto ${r.target?.name ?? opts.target}` : '';
    process.stdout.write(`${specPath}: valid ${r.spec?.kind} spec "${g.name}" (${g.populations.length} populations, ${neurons} neurons, ${g.projections.length} projections, ${synapses} synapses${on})\n`);
  }
  return ExitCode.ok;
}
