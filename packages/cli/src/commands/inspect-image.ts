/**
 * `snnc inspect net.snnc [--json]`: the readable dump of a chip image (or its JSON summary).
 * `snnc inspect` dispatches here when the file starts with the image magic. The text is stable
 * (no paths, no timestamps), so a small image's dump is a golden fixture (test/fixtures/).
 */
import { describeReadError, diag, escapeControl, hasErrors, LIMITS, readInputBytes, type Diagnostic, type InputReadOptions } from '@snnc/common';
import { decodeImage, formatImage, imageSummary, startsLikeChipImage } from '@snnc/image';
import { ExitCode, fail, printDiagnostics, printJson } from '../util.js';

/** Reading a chip image (inspect, emulate): a file that does not start with its magic is refused by it without being read whole. */
export const IMAGE_HEAD: InputReadOptions = { head: { bytes: 16, accept: startsLikeChipImage } }; // the magic is 8 of them

/** SNNC4009: a chip image that cannot be read, in words (emulate and inspect said "(EISDIR)", "(ENOENT)"). */
export function imageUnreadable(file: string, e: unknown): Diagnostic {
  return diag('SNNC4009', `cannot read the chip image: it ${describeReadError(e)}`, { file, pointer: '', expected: 'a readable .snnc file' });
}

export async function inspectImage(file: string, json: boolean): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = readInputBytes(file, LIMITS.binaryFileBytes, IMAGE_HEAD); // not an image: its magic refused without reading it all
  } catch (e) {
    return fail(ExitCode.invalid, [imageUnreadable(file, e)]);
  }
  const { image, header, diagnostics } = decodeImage(bytes, { file });
  if (!image || hasErrors(diagnostics)) return fail(ExitCode.invalid, diagnostics);
  printDiagnostics(diagnostics);
  if (json) printJson(imageSummary(image, header));
  // names (network, target, populations) come from the file: a control character must not drive the terminal
  else process.stdout.write(formatImage(image, header).split('\n').map(escapeControl).join('\n'));
  return ExitCode.ok;
}
