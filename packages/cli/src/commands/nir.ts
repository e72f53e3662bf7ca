/**
 * `snnc nir import|export|info`: NIR interoperability (docs/nir.md). import prints the
 * discretisation and quantisation error summary (text, or JSON with --json) and writes the spec;
 * export writes a .nir from a spec or a trained checkpoint; info lists nodes, shapes and edges.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { escapeControl, hasErrors, LIMITS, warning, type Diagnostic } from '@snnc/common';
import { inferShapes, importNirFile, exportNirFile, readNirFile, type DiscretisationReport } from '@snnc/nir';
import { CheckpointCode, loadCheckpoint } from '@snnc/training';
import { compile } from '@snnc/driver';
import { action, CLI_OPTION_IGNORED, ExitCode, fail, idOption, intOption, loadAndCompile, numberOption, outputProblems, pathOption, printDiagnostics, printJson, resolveTarget, type ExitCode as Exit, writeJson } from '../util.js';
import { targetFile, type Graph, type GraphSpec, type LoweredNetwork } from '@snnc/ir';

const num = (x: number | undefined): string => (x === undefined ? '-' : Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

function table(rows: string[][]): string {
  rows = rows.map((r) => r.map(escapeControl)); // names come from the file
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => x.padEnd(w[c])).join('  ').trimEnd()).join('\n') + '\n';
}

export function reportText(file: string, spec: GraphSpec, r: DiscretisationReport): string {
  let out = `imported ${path.basename(file)}: ${spec.populations.length} populations, ${spec.projections.length} projections, dt = ${r.dt} s (${r.dtSource})\n\n`;
  out += 'discretisation (semi-implicit Euler at dt) and quantisation' + (r.target ? ` (target ${r.target})` : '') + ':\n';
  out += table([
    ['population', 'parameter', 'formula', 'exact', 'euler', 'euler-exact', 'lowered', 'lowered-euler'],
    ...r.parameters.map((p) => [p.population, p.parameter, p.formula, num(p.exact), num(p.euler), num(p.discretisationError), num(p.lowered), num(p.quantisationError)]),
  ]);
  if (r.projections) {
    out += '\nweight quantisation:\n';
    out += table([
      ['projection', 'weightExp', 'lsb', 'rmsError', 'maxError', 'relRmsError', 'zeroed', 'clamped'],
      ...r.projections.map((q) => [q.id, String(q.weightExp), num(q.lsb), num(q.rmsError), num(q.maxError), num(q.relRmsError), String(q.zeroed), String(q.clamped)]),
    ]);
  }
  return out;
}

export function register(program: Command): void {
  const nir = program.command('nir').description('NIR interoperability: import, export and inspect .nir (HDF5) graphs');

  nir
    .command('import <file>')
    .description('import a .nir graph as an snnc graph spec (prints the discretisation error summary)')
    .requiredOption('-o, --output <spec.json>', 'where to write the spec', pathOption)
    .option('--dt <seconds>', 'time step (default: inferred, see docs/nir.md)', numberOption(1e-12, 1e6))
    .option('--target <name>', 'lower for this target to report quantisation', 'loihi2')
    // a chip image runs at most LIMITS.sampleSteps per sample: beyond, the import's own lowering
    // refused the spec, located at the NIR file's root ("#/node: ... generated spec /timesteps")
    .option('--timesteps <n>', `steps per sample in the spec (1..${LIMITS.sampleSteps})`, intOption(1, LIMITS.sampleSteps), 100)
    .option('--name <id>', 'network name (default: the file name)', idOption)
    .option('--json', 'print the report as JSON')
    .action(
      action(async (file: string, o: { output: string; dt?: number; target: string; timesteps: number; name?: string; json?: boolean }) => {
        const refused = outputProblems(o.output, [file, targetFile(o.target)]);
        if (refused.length) return fail(ExitCode.invalid, refused);
        const t = resolveTarget(o.target);
        if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
        const r = await importNirFile(file, { dt: o.dt, timesteps: o.timesteps, name: o.name, target: t.target });
        printDiagnostics(r.diagnostics);
        if (!r.spec || !r.report || hasErrors(r.diagnostics)) return ExitCode.invalid;
        const w = writeJson(o.output, r.spec, [file, targetFile(o.target)]);
        if (w.length) return fail(ExitCode.invalid, w);
        if (o.json) printJson({ file: path.basename(file), output: path.basename(o.output), populations: r.spec.populations.length, projections: r.spec.projections.length, ...r.report });
        else process.stdout.write(reportText(file, r.spec, r.report));
        return ExitCode.ok;
      }),
    );

  nir
    .command('export <input>')
    .description('export an snnc spec (JSON) or a trained checkpoint as a .nir graph')
    .requiredOption('-o, --output <out.nir>', 'where to write the NIR file', pathOption)
    .option('--dt <seconds>', 'time step the exported time constants refer to (default: the dt the spec recorded at import, else 1 ms)', numberOption(1e-12, 1e6))
    .option('--target <name>', 'target a spec is lowered for (only to check it compiles)')
    .action(
      action(async (input: string, o: { output: string; dt?: number; target?: string }) => {
        const refused = outputProblems(o.output, [input, o.target === undefined ? undefined : targetFile(o.target)]);
        if (refused.length) return fail(ExitCode.invalid, refused);
        const diagnostics: Diagnostic[] = [];
        let graph: Graph | undefined;
        let spec: GraphSpec | undefined;
        let trained: LoweredNetwork | undefined;
        let specDt: number | undefined; // issue 12 item 7: the dt recorded at import
        if (looksLikeJson(input)) {
          const c = loadAndCompile(input, o.target);
          diagnostics.push(...c.diagnostics);
          if (!c.ok || !c.graph) return fail(ExitCode.invalid, diagnostics);
          graph = c.graph;
          if (c.spec?.kind === 'graph') spec = c.spec;
          specDt = c.spec?.dt;
        } else {
          // a checkpoint's network is lowered already, for the target it was trained on (its header's)
          if (o.target !== undefined) diagnostics.push(warning(CLI_OPTION_IGNORED, '--target is ignored for a checkpoint: it checks that a spec lowers, and a checkpoint holds its network lowered for the target it was trained on', { file: '--target', pointer: '', fix: 'drop --target' }));
          const ck = loadCheckpoint(input);
          // export reads either kind: a file of neither is not "not an snnc checkpoint" alone
          diagnostics.push(...ck.diagnostics.map((d) => (d.code === CheckpointCode.notCheckpoint ? { ...d, message: 'neither a network spec (JSON) nor an snnc checkpoint', expected: 'a network spec (.json) or a checkpoint written by `snnc train` (.snnck)' } : d)));
          if (!ck.checkpoint) return fail(ExitCode.invalid, diagnostics);
          const c = compile({ text: ck.checkpoint.header.specText, name: ck.checkpoint.header.specName }, undefined, { stage: 'graph' });
          if (!c.graph || hasErrors(c.diagnostics)) return fail(ExitCode.invalid, c.diagnostics);
          graph = c.graph;
          trained = ck.checkpoint.network;
          specDt = c.spec?.dt;
        }
        const dt = o.dt ?? specDt ?? 1e-3;
        const e = await exportNirFile(graph, o.output, { dt, spec, trained, file: input });
        diagnostics.push(...e.diagnostics);
        printDiagnostics(diagnostics);
        if (hasErrors(diagnostics)) return ExitCode.invalid as Exit;
        process.stdout.write(`wrote ${path.basename(o.output)}: ${graph.populations.length} populations, ${graph.projections.length} projections, dt = ${dt} s (${o.dt !== undefined ? 'option' : specDt !== undefined ? 'recorded at import' : 'default 1 ms'})\n`);
        return ExitCode.ok;
      }),
    );

  nir
    .command('info <file>')
    .description('list the nodes (type, shapes, parameters) and edges of a .nir graph')
    .option('--json', 'print as JSON')
    .action(
      action(async (file: string, o: { json?: boolean }) => {
        const r = await readNirFile(file);
        if (!r.graph) return fail(ExitCode.invalid, r.diagnostics);
        const sh = inferShapes(r.graph, file);
        const diagnostics = [...r.diagnostics, ...sh.diagnostics];
        printDiagnostics(diagnostics);
        const nodes = r.graph.nodes.map((n) => ({
          name: n.name,
          type: n.type,
          input: sh.shapes.get(n.name)?.in ?? null,
          output: sh.shapes.get(n.name)?.out ?? null,
          params: Object.fromEntries(Object.keys(n.params).filter((k) => !k.startsWith('__')).map((k) => [k, n.params[k].shape])),
        }));
        if (o.json) printJson({ file: path.basename(file), version: r.graph.version, nodes, edges: r.graph.edges });
        else {
          let out = `${path.basename(file)}: NIR ${r.graph.version || '(no version)'}, ${nodes.length} nodes, ${r.graph.edges.length} edges\n\n`;
          out += table([
            ['node', 'type', 'input', 'output', 'parameters'],
            ...nodes.map((n) => [n.name, n.type, n.input ? `[${n.input.join(', ')}]` : '?', n.output ? `[${n.output.join(', ')}]` : '?', Object.entries(n.params).map(([k, s]) => `${k}[${s.join(',')}]`).join(' ')]),
          ]);
          out += '\nedges:\n' + r.graph.edges.map(([a, b]) => `  ${escapeControl(a)} -> ${escapeControl(b)}\n`).join('');
          process.stdout.write(out);
        }
        return hasErrors(diagnostics) ? ExitCode.invalid : ExitCode.ok;
      }),
    );
}

/**
 * Whether `export`'s input is a spec (JSON) rather than a checkpoint, from its first bytes. Opened
 * without blocking and read only when a regular file: a plain open of a FIFO waits for a writer
 * (`snnc nir export fifo -o x.nir` hung). Anything else goes to the spec loader, which refuses it
 * located (SNNC1001: a FIFO, a device, a directory, a missing file).
 */
function looksLikeJson(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return true;
    const buf = Buffer.alloc(64);
    const n = fs.readSync(fd, buf, 0, 64, 0);
    return /^\s*[{[]/.test(buf.subarray(0, n).toString('utf8'));
  } catch {
    return true; // let the spec loader say the file is missing
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
