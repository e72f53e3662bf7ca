/**
 * @snnc/datasets: datasets as flat byte arrays (Fashion-MNIST from Debian's IDX files, the
 * `mnist` package's 10,000 digits, a synthetic generator, a registry for more), the fixed
 * stratified train / validation / test parts, per-epoch orders, and spike encoders (rate,
 * latency, row-sequential).
 */
export { DataCode } from './codes.js';
export { makeImageShift, MAX_SHIFT, shiftOffset, type ImageShift } from './augment.js';
export { checkDataset, classCounts, datasetDigest, sampleImage, type Dataset, type LoadResult } from './dataset.js';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  FASHION_MNIST_ENV,
  FASHION_MNIST_INSTALL,
  FASHION_MNIST_PACKAGE,
  fashionMnistDir,
  loadFashionMnist,
} from './fashion-mnist.js';
export { decodeIdx, encodeIdx, IDX_MAX_BYTES, parseIdx, readIdxFile, type IdxArray, type IdxReadOptions } from './idx.js';
export { heldOutPart, partSizes, SPLIT_SEED, splitParts, type DatasetParts, type PartOptions, type PartSizes } from './parts.js';
export { loadMnist, loadMnistFrom, MNIST_FEATURES, MNIST_SIDE } from './mnist.js';
export { synthetic, syntheticPrototypes, type SyntheticOptions } from './synthetic.js';
export { listDatasets, loadDataset, registerDataset, type DatasetLoader, type DatasetOptions } from './registry.js';
export { epochOrder, splitDataset, stratifiedPermutation, type DatasetSplit, type SplitOptions } from './split.js';
export {
  checkEncodeShapes,
  encodeSample,
  type EncoderName,
  type EncoderOptions,
  type SpikeEncoder,
} from './encoder.js';
export { ENCODER_DEFAULTS, ENCODER_NAMES, gradedInputOptions, makeEncoder, mixedGradedInputs, OPTIONAL_ENCODER_PARAMS, RATE_CODES, recordedEncoderParams, type RateCode } from './make-encoder.js';
export { bernoulliProbability, gradedValue, LEAST_SPIKING_MAX_RATE, rateCanSpike, regularPhase, regularSpikesBy, regularStep } from './rate-encoder.js';
export { sparseEncoding } from './sparse-encoding.js';
export { latencyStep } from './latency-encoder.js';
export { TRAIN_DEFAULTS, defaultAugmentShift, defaultEpochs, defaultRateCode, trainKey, testKey, randomInputs, randomRasters, randomLabels, randomLabelDraw, fillGraded, datasetInputs, type Inputs, type RasterSequence, type DatasetInputOptions, type DatasetInputs } from './presentation.js';
