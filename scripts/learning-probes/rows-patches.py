#!/usr/bin/env python3
"""Row-sequential MNIST: what neurons that see a window of consecutive rows could give a count
readout (docs/results.md, "Row-sequential: delay lines and causal eligibility"). Float, non-spiking,
validation only, seeded. A hidden unit sees rows t-d+1..t through d delay lines (a 'temporal patch'
of d x 28 pixels), applies ReLU(w . patch + b) at every step, and its feature is the sum over the 28
steps (what a spike count sums). Prints, for windows of 1, 3 and 5 rows:
 (a) 1,500 random such units + a ridge readout over all of them (grey pixels);
 (b) the same for the spiking network's shape: 1,000 units, binary pixels (the rows encoder's
     threshold 127), each of 40 readout units (4 per class) seeing a random 10% of the units
     (one-vs-rest ridge), against each seeing all of them.
With --width: for a window of 5 rows, binary pixels and hidden widths K of 1,000 / 2,000 / 4,000,
the count readout where each of 4 / 10 / 20 readout units per class sees a random 10% of the units
(docs/results.md, "Row-sequential: a wider L1").
With --encode: the same count readout (5-row windows, 2,000 units, 10 readout units per class over
10%) for pixel codes: binary (the rows encoder), thermometer codes of 2 and 3 levels (each pixel
as 2 or 3 binary inputs, one per threshold floor(255 k / (L + 1))), binary pixels dithered by
Floyd-Steinberg error diffusion, and grey values (--codes=1,2,3,dither,grey picks some) (docs/results.md, "Row-sequential: grey
levels").
Usage: node scripts/learning-probes/rows-ceiling-dump.mjs DIR && python3 scripts/learning-probes/rows-patches.py DIR [--width | --encode]
"""
import sys
import numpy as np

D = sys.argv[1] if len(sys.argv) > 1 else '.'
WIDTH = '--width' in sys.argv
ENCODE = '--encode' in sys.argv


def load(n, binary):
    X = np.fromfile(f'{D}/{n}.x', dtype=np.float32).reshape(-1, 28, 28) / 255.0
    return (X > 0.5).astype(np.float32) if binary else X, np.fromfile(f'{D}/{n}.y', dtype=np.uint8)


def patches(X, d):
    w = X.shape[2]
    P = np.zeros((len(X), 28, d * w), np.float32)
    for k in range(d):
        P[:, k:, k * w:(k + 1) * w] = X[:, :28 - k, :]
    return P


def dither(X):
    """Floyd-Steinberg error diffusion at 0.5, row by row: binary pixels whose local mean follows the grey."""
    E = X.astype(np.float64).copy()
    out = np.zeros_like(X)
    for r in range(28):
        for c in range(28):
            old = E[:, r, c]
            new = (old > 0.5).astype(np.float64)
            out[:, r, c] = new
            err = old - new
            if c + 1 < 28:
                E[:, r, c + 1] += err * 7 / 16
            if r + 1 < 28:
                if c > 0:
                    E[:, r + 1, c - 1] += err * 3 / 16
                E[:, r + 1, c] += err * 5 / 16
                if c + 1 < 28:
                    E[:, r + 1, c + 1] += err * 1 / 16
    return out


def code(X, levels):
    """Pixels in [0, 1] as one binary input per threshold (a thermometer code), dithered ('dither'), or grey (None)."""
    if levels is None:
        return X
    if levels == 'dither':
        return dither(X)
    return np.concatenate([(X > t).astype(np.float32) for t in levels], axis=2)


def features(P, W, b):
    out = np.zeros((len(P), W.shape[1]), np.float32)
    for s in range(0, len(P), 500):
        out[s:s + 500] = np.maximum(P[s:s + 500] @ W + b, 0).sum(1)
    return out


def standard(H, Hv):
    mu, sd = H.mean(0), H.std(0) + 1e-6
    return (H - mu) / sd, (Hv - mu) / sd


def sparse_readout(rng, H, Hv, Y, yva, K, per_class):
    score = np.zeros((len(Hv), 10))
    for c in range(10):
        for _ in range(per_class):
            idx = rng.choice(K, int(0.1 * K), replace=False)
            A = H[:, idx]
            w = np.linalg.solve(A.T @ A + 10 * np.eye(len(idx)), A.T @ (2 * Y[:, c] - 1))
            score[:, c] += Hv[:, idx] @ w
    return 100 * (score.argmax(1) == yva).mean()


def width_table():
    rng = np.random.default_rng(0)
    Xtr, ytr = load('train', True)
    Xva, yva = load('validation', True)
    d = 5
    P, Pv, Y = patches(Xtr, d), patches(Xva, d), np.eye(10)[ytr]
    print('| hidden units K | 4 readout units per class | 10 | 20 |')
    print('| ---: | ---: | ---: | ---: |')
    for K in [1000, 2000, 4000]:
        W = rng.normal(size=(d * 28, K)) * (rng.random((d * 28, K)) < 0.5) / np.sqrt(d * 28 * 0.5 * 0.15)
        b = rng.normal(size=K) - 1.0
        H, Hv = standard(features(P, W, b), features(Pv, W, b))
        row = [f'{sparse_readout(rng, H, Hv, Y, yva, K, per_class):.1f}' for per_class in [4, 10, 20]]
        print(f'| {K} | ' + ' | '.join(row) + ' |', flush=True)


def encode_table():
    Xtr, ytr = load('train', False)
    Xva, yva = load('validation', False)
    Y = np.eye(10)[ytr]
    d, K = 5, 2000
    print('| pixel code | inputs per row | seed 0 | seed 1 | seed 2 | mean |')
    print('| --- | ---: | ---: | ---: | ---: | ---: |')
    # L levels: thresholds floor(255 k / (L + 1)), k = 1..L (L = 1 is the rows encoder's 127)
    only = [a.split('=')[1] for a in sys.argv if a.startswith('--codes=')]
    for L in (only[0].split(',') if only else ['1', '2', '3', 'dither', 'grey']):
        if L == 'grey' or L == 'dither':
            levels, name = (None if L == 'grey' else 'dither'), ('grey' if L == 'grey' else 'dithered (Floyd-Steinberg at 0.5)')
        else:
            L = int(L)
            levels = [np.floor(255 * k / (L + 1)) / 255 for k in range(1, L + 1)]
            name = f'{L} level{"s" if L > 1 else ""} (> ' + ', > '.join(str(int(round(t * 255))) for t in levels) + ')'
        A, Av = code(Xtr, levels), code(Xva, levels)
        P, Pv = patches(A, d), patches(Av, d)
        n = P.shape[2]
        accs = []
        for seed in range(3):
            rng = np.random.default_rng(seed)
            W = rng.normal(size=(n, K)) * (rng.random((n, K)) < 0.5) / np.sqrt(n * 0.5 * 0.15)
            b = rng.normal(size=K) - 1.0
            H, Hv = standard(features(P, W, b), features(Pv, W, b))
            accs.append(sparse_readout(rng, H, Hv, Y, yva, K, 10))
        print(f'| {name} | {A.shape[2]} | ' + ' | '.join(f'{a:.1f}' for a in accs) + f' | {np.mean(accs):.2f} |', flush=True)


if WIDTH:
    width_table()
    sys.exit(0)
if ENCODE:
    encode_table()
    sys.exit(0)

rng = np.random.default_rng(0)
print('| rows per window | (a) 1,500 random units, ridge over all | (b) 1,000 units, binary, readout sees all | (b) readout unit sees 10% |')
print('| ---: | ---: | ---: | ---: |')
for d in [1, 3, 5]:
    Xtr, ytr = load('train', False)
    Xva, yva = load('validation', False)
    P, Pv = patches(Xtr, d), patches(Xva, d)
    W = rng.normal(size=(d * 28, 1500)) / np.sqrt(d * 28 * 0.15)
    b = rng.normal(size=1500) - 1.0
    H, Hv = standard(features(P, W, b), features(Pv, W, b))
    a = max((np.argmax(Hv @ np.linalg.solve(H.T @ H + lam * np.eye(1500), H.T @ np.eye(10)[ytr]), 1) == yva).mean() for lam in [1, 10, 100])
    Xtr, ytr = load('train', True)
    Xva, yva = load('validation', True)
    P, Pv = patches(Xtr, d), patches(Xva, d)
    K = 1000
    W = rng.normal(size=(d * 28, K)) * (rng.random((d * 28, K)) < 0.5) / np.sqrt(d * 28 * 0.5 * 0.15)
    b = rng.normal(size=K) - 1.0
    H, Hv = standard(features(P, W, b), features(Pv, W, b))
    Y = np.eye(10)[ytr]
    res = []
    for frac in [1.0, 0.1]:
        score = np.zeros((len(Hv), 10))
        for c in range(10):
            for _ in range(4):
                idx = rng.choice(K, int(frac * K), replace=False)
                A = H[:, idx]
                w = np.linalg.solve(A.T @ A + 10 * np.eye(len(idx)), A.T @ (2 * Y[:, c] - 1))
                score[:, c] += Hv[:, idx] @ w
        res.append((score.argmax(1) == yva).mean())
    print(f'| {d} | {100 * a:.1f} | {100 * res[0]:.1f} | {100 * res[1]:.1f} |', flush=True)
