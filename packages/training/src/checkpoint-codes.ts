/**
 * Codes of checkpoint problems (SNNC51xx: data layer, checkpoints), in a module of their own that
 * imports nothing: the checks of a checkpoint's parts (header, counts, layout, encoding) and its
 * reader all use them, and the reader imports the checks.
 */
export const CheckpointCode = {
  unreadable: 'SNNC5101',
  notCheckpoint: 'SNNC5102',
  version: 'SNNC5103',
  /** framing and checksum: truncated, appended to, CRC, arrays outside the body or overlapping */
  corrupt: 'SNNC5104',
  networkMismatch: 'SNNC5105',
  shape: 'SNNC5106',
  /** a header field of the wrong kind, located by JSON Pointer (checkpoint-header.ts) */
  header: 'SNNC5107',
  range: 'SNNC5108',
  /** the header's counts disagree (checkpoint-counts.ts) */
  counts: 'SNNC5118',
} as const;
