/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 70,000 grayscale 28x28 images of clothing in 10
 * classes, the published split being 60,000 training and 10,000 test images. snnc reads the IDX
 * files of Debian's `dataset-fashion-mnist` package (installed under FASHION_MNIST_DIR), or of any
 * directory named by the environment variable SNNC_FASHION_MNIST_DIR, gzip-compressed or not.
 *
 * The four files become one Dataset: the 60,000 training images first, then the 10,000 test
 * images, marked `standardTest`, so splitParts() keeps the published test set as the test part.
 * Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker,
 * 8 Bag, 9 Ankle boot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import type { Dataset, LoadResult } from './dataset.js';
import { readIdxFile, type IdxArray } from './idx.js';

export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';
export const FASHION_MNIST_INSTALL = `apt-get install ${FASHION_MNIST_PACKAGE}`;
/** Where the Debian package installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_ENV = 'SNNC_FASHION_MNIST_DIR';
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

const SIDE = 28;
const PARTS = ['train', 't10k'] as const;

/**
 * The fewest images a part's file may hold for the protocol (parts.ts) to have every part: the
 * published test set is t10k itself, and validation is 1/12 of the training images (rounded down).
 * Fewer gave a dataset whose run trained or validated on nothing, or without a published test set
 * (an empty t10k), with exit 0.
 */
const LEAST_IMAGES = {
  train: { count: 12, published: 60000, why: 'validation takes 1/12 of the training images, and so needs at least 12 for one' },
  t10k: { count: 1, published: 10000, why: 'the test part is exactly the published test set, so it cannot be empty' },
} as const;

/** Loaded once per process per directory: inflating 30 MB of gzip takes about half a second. */
const cache = new Map<string, Dataset>();

/** The directory to read: the override, else the Debian package's. */
export function fashionMnistDir(env: NodeJS.ProcessEnv = process.env): string {
  const v = env[FASHION_MNIST_ENV];
  return v !== undefined && v !== '' ? v : FASHION_MNIST_DIR;
}

/** The file of one part and kind in `dir`: the .gz the package ships, else an uncompressed copy. */
function findFile(dir: string, part: string, kind: 'images-idx3' | 'labels-idx1'): string | undefined {
  const base = path.join(dir, `${part}-${kind}-ubyte`);
  for (const f of [`${base}.gz`, base]) if (fs.existsSync(f)) return f;
  return undefined;
}

/** Load Fashion-MNIST from `dir` (default: fashionMnistDir()); cached per directory. */
export function loadFashionMnist(dir: string = fashionMnistDir()): LoadResult {
  const hit = cache.get(dir);
  if (hit) return { dataset: hit, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const missing: string[] = [];
  const files: Record<string, string> = {};
  for (const part of PARTS) {
    for (const kind of ['images-idx3', 'labels-idx1'] as const) {
      const f = findFile(dir, part, kind);
      if (f) files[`${part}/${kind}`] = f;
      else missing.push(`${part}-${kind}-ubyte.gz`);
    }
  }
  if (missing.length > 0) {
    return {
      diagnostics: [
        diag(DataCode.FashionMissing, `Fashion-MNIST is not installed: ${dir} lacks ${missing.join(', ')} (the directory is ${FASHION_MNIST_ENV} if set, else the Debian package's)`, {
          file: dir,
          expected: 'the four IDX files of the Debian package dataset-fashion-mnist',
          found: `${4 - missing.length} of 4`,
          fix: FASHION_MNIST_INSTALL,
        }),
      ],
    };
  }
  const parts: { images: IdxArray; labels: IdxArray; part: string }[] = [];
  for (const part of PARTS) {
    const images = readIdxFile(files[`${part}/images-idx3`], { rank: 3 });
    const labels = readIdxFile(files[`${part}/labels-idx1`], { rank: 1 });
    diagnostics.push(...images.diagnostics, ...labels.diagnostics);
    if (!images.idx || !labels.idx) continue;
    const [n, rows, cols] = images.idx.dims;
    const least = LEAST_IMAGES[part];
    if (rows !== SIDE || cols !== SIDE) {
      diagnostics.push(diag(DataCode.FashionMalformed, 'Fashion-MNIST images must be 28x28', { file: files[`${part}/images-idx3`], offset: 8, expected: '28 x 28', found: `${rows} x ${cols}` }));
    } else if (n < least.count) {
      // an empty t10k file made a dataset without a published test set: test was then carved out of the training images, with exit 0
      diagnostics.push(diag(DataCode.FashionMalformed, `the ${part} images file holds ${n} image${n === 1 ? '' : 's'}: ${least.why}`, { file: files[`${part}/images-idx3`], offset: 4, expected: `at least ${least.count} image${least.count === 1 ? '' : 's'}${files[`${part}/images-idx3`].endsWith('.gz') ? ' (the count at byte 4 of the decompressed data)' : ''}; Fashion-MNIST's holds ${least.published}`, found: String(n), fix: `reinstall the files (${FASHION_MNIST_INSTALL}), or point ${FASHION_MNIST_ENV} at a complete copy` }));
    } else if (labels.idx.dims[0] !== n) {
      diagnostics.push(diag(DataCode.FashionMalformed, `the ${part} images and labels files hold different counts`, { file: files[`${part}/labels-idx1`], offset: 4, expected: `${n} labels (as many as images)`, found: String(labels.idx.dims[0]) }));
    } else {
      const bad = labels.idx.data.findIndex((y) => y >= FASHION_MNIST_CLASSES.length);
      if (bad >= 0) {
        diagnostics.push(diag(DataCode.FashionMalformed, 'a Fashion-MNIST label is out of range (byte offset counts the decompressed data)', { file: files[`${part}/labels-idx1`], offset: 8 + bad, expected: 'a label in 0..9', found: String(labels.idx.data[bad]) }));
      } else parts.push({ images: images.idx, labels: labels.idx, part });
    }
  }
  if (diagnostics.length > 0 || parts.length !== 2) return { diagnostics };

  const [train, test] = parts;
  const nTrain = train.labels.dims[0];
  const nTest = test.labels.dims[0];
  const size = nTrain + nTest;
  const F = SIDE * SIDE;
  const images = new Uint8Array(size * F);
  images.set(train.images.data, 0);
  images.set(test.images.data, nTrain * F);
  const labels = new Uint8Array(size);
  labels.set(train.labels.data, 0);
  labels.set(test.labels.data, nTrain);
  const dataset: Dataset = {
    name: 'fashion-mnist',
    inputShape: [SIDE, SIDE],
    numClasses: FASHION_MNIST_CLASSES.length,
    size,
    features: F,
    images,
    labels,
    standardTest: nTest,
    description: `Fashion-MNIST (${nTrain} training + ${nTest} test images, 28x28, 10 classes) from ${dir}`,
  };
  cache.set(dir, dataset);
  return { dataset, diagnostics: [] };
}
