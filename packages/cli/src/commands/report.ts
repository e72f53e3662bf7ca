import path from 'node:path';
import type { Command } from 'commander';
import { describeReadError, diag, readInputText } from '@snnc/common';
import { placementFromJson, placementToJson } from '@snnc/mapper';
import { placementCsv, placementReportHtml } from '@snnc/report';
import { action, ExitCode, fail, outputDirProblems, pathOption, printDiagnostics, writeOutputs } from '../util.js';

/**
 * `snnc report <placement.json> --out <dir>`: placement.json (normalised), placement.csv (one row
 * per core) and report.html (self-contained: inline SVG, no scripts, no network access).
 */
export function register(program: Command): void {
  program
    .command('report')
    .description('write placement.json, placement.csv and a self-contained report.html for a placement')
    .argument('<placement>', 'placement file written by `snnc map -o`')
    .requiredOption('--out <dir>', 'output directory', pathOption)
    .action(action((file: string, o: { out: string }) => runReport(file, o.out)));
}

function runReport(file: string, out: string): number {
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    return fail(ExitCode.invalid, [diag('SNNC3060', `cannot read the placement file: it ${describeReadError(e)}`, { file, pointer: '', expected: 'an existing file' })]);
  }
  const r = placementFromJson(text, file);
  if (!r.placement) return fail(ExitCode.invalid, r.diagnostics);
  printDiagnostics(r.diagnostics);
  const names = ['placement.json', 'placement.csv', 'report.html'].map((n) => path.join(out, n));
  const refused = outputDirProblems(out, names, [file]);
  if (refused.length) return fail(ExitCode.invalid, refused);
  // one set: none of the three changes unless every one is written (a failure at the third left two new files beside an old third)
  const contents = [placementToJson(r.placement), placementCsv(r.placement), placementReportHtml(r.placement)];
  const written = writeOutputs(names.map((n, i) => ({ file: n, data: contents[i] })), [file]);
  if (written.length) return fail(ExitCode.invalid, written);
  process.stdout.write(`wrote placement.json, placement.csv, report.html to ${out}\n`);
  return 0;
}
