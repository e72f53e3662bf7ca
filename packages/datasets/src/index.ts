/**
 * @snnc/datasets: datasets as flat byte arrays (MNIST from the `mnist` package, a synthetic
 * generator, a registry for more), the fixed stratified train/test split, per-epoch orders,
 * and spike encoders (rate, latency, row-sequential).
 */
export { DataCode } from './codes.js';
export { checkDataset, classCounts, sampleImage, type Dataset, type LoadResult } from './dataset.js';
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
export { ENCODER_DEFAULTS, ENCODER_NAMES, makeEncoder } from './make-encoder.js';
export { latencyStep } from './latency-encoder.js';
