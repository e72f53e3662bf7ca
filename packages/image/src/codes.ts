import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/image: reading and validating chip images (SNNC40xx, docs/chip-image.md). */
export const catalogue: CodeCatalogue = {
  SNNC4001: 'not an snnc chip image (bad magic)',
  SNNC4002: 'truncated chip image (header or payload incomplete)',
  SNNC4003: 'unsupported chip image format version',
  SNNC4004: 'corrupted chip image header (checksum, target-name length or encoding)',
  SNNC4005: 'corrupted chip image: payload checksum mismatch',
  SNNC4006: 'chip image compiled for another target',
  SNNC4007: 'chip image payload does not decode',
  SNNC4008: 'chip image has trailing bytes after the payload',
  SNNC4010: 'invalid chip image structure (lengths, references, header and payload disagree)',
  SNNC4011: 'invalid chip image: unknown enum value, missing variant or out-of-range field',
  SNNC4012: 'invalid chip image: a core exceeds its resource limit',
};
