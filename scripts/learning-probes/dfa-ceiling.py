#!/usr/bin/env python3
"""How far the seed's family of rules can go on a dataset, in float (docs/results.md, "Fashion-MNIST:
the rule family's float ceiling"). The model of SEED.md §5, widened: 784 inputs, H tanh hidden units,
a linear readout; online mini-batches of 20; the hidden layer learns by direct random feedback
(dtilde = B^T delta gated by tanh', B fixed Gaussian: the float analogue of broadcast alignment, no
weight transport) or not at all (readout only); the readout by the delta rule. Validation only,
seeded, one hidden layer.

Teaching signal (--signal): `margin` = the seed's WTA margin between the true class and the
strongest other, clipped at 1 (SEED.md §5's first rows; gamma is the margin in readout units);
`dense` = softmax minus one-hot over every class (its last rows); `allmargin` = the margin taught
against every class within it: delta_c = clip(gamma + z_c - z_y, 0, 1) for each c != y, delta_y =
-min(cap, their sum) (--cap, default 127/16: the integer contract's clamp at gamma 16).
Wiring (--wiring): `dense` = every hidden unit hears every pixel and the readout hears every hidden
unit (SEED.md §5); `seed` = each hidden unit hears a random 20% of the pixels (as L1 of
examples/srsnn-seed.json) and the readout is 4 units per class, each hearing a random 10% of the
hidden units, a class's score the sum of its units (as the seed's sparse small-world readout).
With `seed` wiring, --in-density=F sets the fraction of the pixels a hidden unit hears (default
0.2), --readout=dense|sparse the readout's wiring (default sparse) and --per-class=N the sparse
readout's units per class (default 4, as the seed's).

Usage: node scripts/learning-probes/rows-ceiling-dump.mjs DIR fashion-mnist &&
python3 scripts/learning-probes/dfa-ceiling.py DIR H [--signal=margin|dense] [--wiring=dense|seed]
[--eta=0.03] [--eta-out=0.01] [--epochs=6] [--seed=0] [--readout-only] [--rate-noise=T,R]
--rate-noise=T,R replaces every presented image, in training and validation, by the spike count of
the rate encoder (`snnc train`'s default: T steps, rate R x intensity / 255, Bernoulli per step),
divided by T x R: grey values with the rate code's sampling noise, drawn afresh at each
presentation (docs/results.md, "Fashion-MNIST: the rate code's noise").
--feedback=random|readout|sign: the hidden units' feedback matrix: fixed Gaussian (default, SEED.md
§5), the spiking defaults' readout-wired decoder (a unit's share of readout links per class), or
the signs of the readout weights at each batch (sign-concordant); --fb-gain=G scales it;
--nonneg keeps the readout weights >= 0 (an excitatory readout).
Prints the validation accuracy after every epoch.
"""
import sys
import numpy as np

args = [a for a in sys.argv[1:] if not a.startswith('--')]
opt = {a[2:].split('=', 1)[0]: (a.split('=', 1)[1] if '=' in a else '1') for a in sys.argv[1:] if a.startswith('--')}
D, H = args[0], int(args[1])
SIGNAL = opt.get('signal', 'dense')
WIRING = opt.get('wiring', 'dense')
ETA, ETA_OUT = float(opt.get('eta', 0.03)), float(opt.get('eta-out', 0.01))
EPOCHS, SEED = int(opt.get('epochs', 6)), int(opt.get('seed', 0))
GAMMA = float(opt.get('gamma', 1.0))
CAP = float(opt.get('cap', 127 / 16))
HIDDEN = 'readout-only' not in opt
NOISE = tuple(float(v) for v in opt['rate-noise'].split(',')) if 'rate-noise' in opt else None
rng = np.random.default_rng(SEED)
noise_rng = np.random.default_rng(SEED + 1000)


def present(X):
    """What the rate code delivers of X: a binomial count over T steps, in intensity units."""
    if NOISE is None:
        return X
    T, R = int(NOISE[0]), NOISE[1]
    return (noise_rng.binomial(T, R * X) / (T * R)).astype(np.float32)


def load(n):
    X = np.fromfile(f'{D}/{n}.x', dtype=np.float32).reshape(-1, 784) / np.float32(255.0)
    return X, np.fromfile(f'{D}/{n}.y', dtype=np.uint8).astype(np.int64)


Xtr, ytr = load('train')
Xva, yva = load('validation')
C, PER = 10, int(opt.get('per-class', 4))
IN_DENSITY = float(opt.get('in-density', 0.2 if WIRING == 'seed' else 1.0))
READOUT = opt.get('readout', 'sparse' if WIRING == 'seed' else 'dense')
mask_in = (rng.random((784, H)) < IN_DENSITY).astype(np.float32) if WIRING == 'seed' else np.ones((784, H), np.float32)
fan_in = mask_in.sum(0, keepdims=True).clip(1)
W1 = (rng.standard_normal((784, H)).astype(np.float32) / np.sqrt(fan_in)) * mask_in
b1 = np.zeros(H, np.float32)
if READOUT == 'sparse':
    R = C * PER
    mask_out = (rng.random((H, R)) < 0.1).astype(np.float32)
    pool = np.zeros((R, C), np.float32)
    pool[np.arange(R), np.arange(R) // PER] = 1.0
else:
    R = C
    mask_out = np.ones((H, R), np.float32)
    pool = np.eye(C, dtype=np.float32)
W2 = np.zeros((H, R), np.float32)
B = rng.standard_normal((C, H)).astype(np.float32) / np.sqrt(C)
FEEDBACK = opt.get('feedback', 'random')
FB_GAIN = float(opt.get('fb-gain', 1.0))
NONNEG = 'nonneg' in opt
if FEEDBACK == 'readout':
    # the spiking defaults' readout-wired decoder (docs/semantics.md, "Readout-wired feedback
    # decoder"): unit i learns for class c in proportion to the share of its readout links on c
    links = mask_out @ pool
    B = (links / links.sum(1, keepdims=True).clip(1)).T.astype(np.float32)


def feedback():
    """The C x H feedback matrix of this batch: fixed (random, readout) or the signs of the
    readout weights as they stand (sign-concordant feedback: partial weight transport)."""
    if FEEDBACK == 'sign':
        return (np.sign(W2) * mask_out @ pool).T / np.sqrt(C)
    return B


def scores(X):
    h = np.tanh(X @ W1 + b1)
    return h, (h @ W2) @ pool


def error(z, y):
    """delta per class: d loss / d z for the chosen teaching signal."""
    n = len(y)
    d = np.zeros_like(z)
    if SIGNAL == 'dense':
        e = np.exp(z - z.max(1, keepdims=True))
        d = e / e.sum(1, keepdims=True)
        d[np.arange(n), y] -= 1.0
        return d
    zy = z[np.arange(n), y]
    if SIGNAL == 'allmargin':
        m = np.clip(GAMMA + z - zy[:, None], 0.0, 1.0)
        m[np.arange(n), y] = 0.0
        d = m.copy()
        d[np.arange(n), y] = -np.minimum(m.sum(1), CAP)
        return d
    other = z.copy()
    other[np.arange(n), y] = -np.inf
    r = other.argmax(1)
    m = np.clip(GAMMA + z[np.arange(n), r] - zy, 0.0, 1.0)
    d[np.arange(n), r] += m
    d[np.arange(n), y] -= m
    return d


for ep in range(EPOCHS):
    order = rng.permutation(len(ytr))
    for k in range(0, len(order), 20):
        idx = order[k:k + 20]
        X, y = present(Xtr[idx]), ytr[idx]
        h, z = scores(X)
        d = error(z, y)
        dr = d @ pool.T  # each readout unit gets its class's error
        W2 -= ETA_OUT * (h.T @ dr) * mask_out / len(idx)
        if NONNEG:
            np.maximum(W2, 0.0, out=W2)  # an excitatory readout: every link's sign is +
        if HIDDEN:
            dh = FB_GAIN * (d @ feedback()) * (1.0 - h * h)
            W1 -= ETA * (X.T @ dh) * mask_in / len(idx)
            b1 -= ETA * dh.mean(0)
    _, zv = scores(present(Xva))
    print(f'H={H} signal={SIGNAL} wiring={WIRING} inDensity={IN_DENSITY} readout={READOUT} perClass={PER} feedback={FEEDBACK} fbGain={FB_GAIN} nonneg={NONNEG} hidden={"on" if HIDDEN else "off"} eta={ETA} etaOut={ETA_OUT} seed={SEED} noise={NOISE} epoch {ep + 1}: validation {100 * (zv.argmax(1) == yva).mean():.2f}', flush=True)
