/**
 * `snnc inspect net.snnc [--json]`: the readable dump of a chip image (or its JSON summary).
 * `snnc inspect` dispatches here when the file starts with the image magic. The text is stable
 * (no paths, no timestamps), so a small image's dump is a golden fixture (test/fixtures/).
 */
import fs from 'node:fs';
import { diag, hasErrors } from '@snnc/common';
import { decodeImage, formatImage, imageSummary } from '@snnc/image';
import { ExitCode, fail, printDiagnostics, printJson } from '../util.js';

export async function inspectImage(file: string, json: boolean): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return fail(ExitCode.invalid, [diag('SNNC4009', `cannot read the chip image (${code})`, { file, pointer: '', expected: 'a readable .snnc file' })]);
  }
  const { image, header, diagnostics } = decodeImage(bytes, { file });
  if (!image || hasErrors(diagnostics)) return fail(ExitCode.invalid, diagnostics);
  printDiagnostics(diagnostics);
  if (json) printJson(imageSummary(image, header));
  else process.stdout.write(formatImage(image, header));
  return ExitCode.ok;
}
