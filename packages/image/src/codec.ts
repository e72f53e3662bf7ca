/**
 * encodeImage / decodeImage: header (header.ts) + protobuf payload (proto.ts) + structural
 * validation (validate.ts). Decoding never throws: every failure is a Diagnostic (SNNC40xx).
 */
import { diag, type Diagnostic } from '@snnc/common';
import { readHeader, writeHeader, type ImageHeader } from './header.js';
import { chipImageType, decodeMessage, fromMessage, toMessage } from './proto.js';
import type { ChipImage } from './types.js';
import { validateImage } from './validate.js';

/** Serialises an image; same image => same bytes. */
export function encodeImage(image: ChipImage): Uint8Array {
  const type = chipImageType();
  const payload = type.encode(type.create(toMessage(image))).finish();
  return writeHeader(image.target, payload);
}

export interface DecodeOptions {
  /** refuse an image built for another target (SNNC4006) */
  expectTarget?: string;
  /** names the file in diagnostics (as the user gave it) */
  file?: string;
  /** skip structural validation (only for tools that dump broken images); default false */
  skipValidation?: boolean;
}

export interface DecodedImage {
  image?: ChipImage;
  header?: ImageHeader;
  diagnostics: Diagnostic[];
}

export function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedImage {
  const { file } = opts;
  const { header, diagnostics } = readHeader(bytes, file);
  if (!header) return { diagnostics };
  if (opts.expectTarget !== undefined && header.target !== opts.expectTarget) {
    return {
      header,
      diagnostics: [
        diag('SNNC4006', 'chip image was compiled for another target', {
          file,
          pointer: '/header/target',
          expected: opts.expectTarget,
          found: header.target,
          fix: `recompile with --target ${opts.expectTarget}`,
        }),
      ],
    };
  }
  let image: ChipImage;
  let badEnums: string[];
  let badShape: string[];
  try {
    const payload = bytes.subarray(header.payloadOffset, header.payloadOffset + header.payloadLength);
    ({ image, badEnums, badShape } = fromMessage(decodeMessage(payload)));
  } catch (e) {
    return {
      header,
      diagnostics: [diag('SNNC4007', `chip image payload does not decode: ${(e as Error).message}`, { file, pointer: '/payload' })],
    };
  }
  const out: Diagnostic[] = [
    ...badShape.map((p) => diag('SNNC4010', 'invalid chip image: synapse memory arrays have inconsistent lengths', { file, pointer: p })),
    ...badEnums.slice(0, 20).map((p) => diag('SNNC4011', 'invalid chip image: unknown enum value or missing variant', { file, pointer: p })),
  ];
  if (image.target !== header.target) {
    out.push(diag('SNNC4010', 'invalid chip image: header and payload name different targets', { file, pointer: '/target', expected: header.target, found: image.target }));
  }
  if (!opts.skipValidation) out.push(...validateImage(image, file));
  if (out.length && !opts.skipValidation) return { header, diagnostics: out };
  return { image, header, diagnostics: out };
}
