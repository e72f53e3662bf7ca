#!/usr/bin/env python3
"""Train a float, linear stand-in of the readout on the network's own spike counts and write its
weights for readout-inject.mjs (docs/results.md, "Row-sequential: what the spiking readout loses").
Class score = sum over the class's neurons of w_n . x (x: counts of n's wired sources, as
`DUMP=DIR ... schedule.mjs` wrote them at TAG end), the WTA margin rule of §5.1/§5.7 (strongest other
class, mg clamped to 127) with the spec's gamma and the delta rule's rate in the stand-in's units
(etaOut / vth per count: a readout neuron's count is about its drive over vth), times SCALE.
START: zero, or spiking (the network's own end weights, DIR/end-weights.f32). Writes OUT in voltage
units (x vth) in the wiring order; prints validation of the linear stand-in. Seeded (numpy
default_rng(ORDER_SEED) for the orders, default_rng(100 + ORDER_SEED) for the rounding). Needs numpy.
Environment (the fifth session's checks; all absent = the figures above, unchanged):
SCHEDULE=a0,a1,... rate shifts over equal segments of all presentations, as --rate-schedule (rate x 2^-a);
LSB=V stochastic rounding of every update to V voltage units (1/128: the readout's mantissa) and
the mantissa range clamp [-1, 127/128] V; ORDER_SEED=N; EVERY=1 prints validation after each epoch.
Usage: readout-float-train.py DIR OUT START SCALE EPOCHS [GAMMA=40 ETAOUT=1.2e-5 VTH=3]
"""
import os
import sys

import numpy as np

from dump_io import load, weights

D, OUT, START, SCALE, EPOCHS = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
GAMMA = float(sys.argv[6]) if len(sys.argv) > 6 else 40.0
ETAOUT = float(sys.argv[7]) if len(sys.argv) > 7 else 1.2e-5
VTH = float(sys.argv[8]) if len(sys.argv) > 8 else 3.0
(H, R, C, NPC), M, w, X, Xv, y, yv = load(D, 'end')
W = np.zeros((H, R), np.float32)
if START == 'spiking':
    W[w[:, 0], w[:, 1]] = weights(D, 'end') / VTH
cls = np.arange(R) // NPC
eta0 = ETAOUT / VTH * SCALE
SCHEDULE = [int(a) for a in os.environ.get('SCHEDULE', '0').split(',')]
LSB = float(os.environ.get('LSB', '0')) / VTH  # in the stand-in's units (x vth)
ORDER_SEED = int(os.environ.get('ORDER_SEED', '0'))
rng = np.random.default_rng(ORDER_SEED)
rround = np.random.default_rng(100 + ORDER_SEED)
total, g = EPOCHS * len(y), 0


def accuracy():
    return 100 * ((Xv @ W).reshape(-1, C, NPC).sum(2).argmax(1) == yv).mean()


for epoch in range(EPOCHS):
    for i in rng.permutation(len(y)):
        eta = eta0 / 2 ** SCHEDULE[g * len(SCHEDULE) // total]
        g += 1
        x = X[i]
        z = (x @ W).reshape(C, NPC).sum(1)
        t = y[i]
        zz = z.copy()
        zz[t] = -np.inf
        r = zz.argmax()
        mg = min(127.0, max(0.0, GAMMA + z[r] - z[t]))
        if mg == 0:
            continue
        d = np.zeros(C, np.float32)
        d[r], d[t] = mg, -mg
        if LSB == 0:
            W -= eta * np.outer(x, d[cls]) * M
            continue
        rows, cols = np.nonzero(x)[0], np.nonzero(d[cls])[0]
        q = -eta * np.outer(x[rows], d[cls][cols]) * M[np.ix_(rows, cols)] / LSB
        dw = np.floor(q + rround.random(q.shape)) * LSB
        W[np.ix_(rows, cols)] = np.clip(W[np.ix_(rows, cols)] + dw, -1 / VTH, 127 / 128 / VTH)
    if os.environ.get('EVERY') == '1':
        print(f'epoch {epoch + 1}: validation {accuracy():.1f}', flush=True)
acc = accuracy()
print(f'linear stand-in, start {START}, rate x {SCALE}, {EPOCHS} epochs: validation {acc:.1f}; largest |w| {np.abs(W).max() * VTH:.3f} voltage units')
(W[w[:, 0], w[:, 1]] * VTH).astype(np.float32).tofile(OUT)
