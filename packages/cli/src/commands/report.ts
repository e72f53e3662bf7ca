import path from 'node:path';
import type { Command } from 'commander';
import { describeReadError, formatDiagnostic, readInputText } from '@snnc/common';
import { placementFromJson, placementToJson } from '@snnc/mapper';
import { placementCsv, placementReportHtml } from '@snnc/report';
import { outputProblems, writeOutput } from '../util.js';

/**
 * `snnc report <placement.json> --out <dir>`: placement.json (normalised), placement.csv (one row
 * per core) and report.html (self-contained: inline SVG, no scripts, no network access).
 */
export function register(program: Command): void {
  program
    .command('report')
    .description('write placement.json, placement.csv and a self-contained report.html for a placement')
    .argument('<placement>', 'placement file written by `snnc map -o`')
    .requiredOption('--out <dir>', 'output directory')
    .action((file: string, o: { out: string }) => {
      try {
        process.exitCode = runReport(file, o.out);
      } catch (e) {
        process.stderr.write(`snnc report: internal error: ${(e as Error).message}\n`);
        process.exitCode = 70;
      }
    });
}

function runReport(file: string, out: string): number {
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    process.stderr.write(`${file}#: error SNNC3060: cannot read the placement file: it ${describeReadError(e)} (expected an existing file)\n`);
    return 1;
  }
  const r = placementFromJson(text, file);
  for (const d of r.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!r.placement) return 1;
  const names = ['placement.json', 'placement.csv', 'report.html'].map((n) => path.join(out, n));
  const refused = names.flatMap((n) => outputProblems(n, [file]));
  const written = refused.length
    ? refused
    : [
        ...writeOutput(names[0], placementToJson(r.placement), [file]),
        ...writeOutput(names[1], placementCsv(r.placement), [file]),
        ...writeOutput(names[2], placementReportHtml(r.placement), [file]),
      ];
  for (const d of written) process.stderr.write(formatDiagnostic(d) + '\n');
  if (written.length) return 1;
  process.stdout.write(`wrote placement.json, placement.csv, report.html to ${out}\n`);
  return 0;
}
