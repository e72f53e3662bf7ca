#!/usr/bin/env python3
"""Which online readout rule gets close to ridge on the network's own spike counts? (docs/results.md,
"Row-sequential: the training shift, and where the readout loses".) A float, linear stand-in for the
readout (class score = sum over the class's neurons of w_n . x over n's wired sources, from zero
weights), trained sample by sample for 3 epochs by the WTA margin rule of §5.1/§5.7 (strongest
other class, gamma 1) on the counts that `DUMP=DIR ... schedule.mjs` wrote, in three forms:
  raw      dW = -eta x delta                     (the contract's rule, linearised)
  centred  dW = -eta (x - mean_train(x)) delta   (the forward pass centred the same way)
  zerosum  dW = -eta (x_j - m_n) delta, m_n the mean of x over neuron n's sources (forward raw)
eta is given relative to the mean squared input of a class (so the same numbers suit any network).
Prints validation accuracy after each epoch. Float, seeded (numpy default_rng(0)). Needs numpy.
Usage: python3 scripts/learning-probes/readout-rule-float.py DIR [TAG] [RULE:ETA ...]
  (TAG default init; default runs raw:0.01 raw:0.05 centred:0.05 centred:0.2 centred:0.5
   zerosum:0.2 zerosum:0.5 zerosum:2)
"""
import sys

import numpy as np

from dump_io import load

D = sys.argv[1]
TAG = sys.argv[2] if len(sys.argv) > 2 else 'init'
RUNS = sys.argv[3:] or ['raw:0.01', 'raw:0.05', 'centred:0.05', 'centred:0.2', 'centred:0.5', 'zerosum:0.2', 'zerosum:0.5', 'zerosum:2']
(H, R, C, NPC), M, w, X, Xv, y, yv = load(D, TAG)
cls = np.arange(R) // NPC
NORM = float(((X ** 2) @ M).mean() * NPC)
DEG = M.sum(0)
ONES = np.ones(H, np.float32)


def run(rule, eta, epochs=3, gamma=1.0):
    eta /= NORM
    rng = np.random.default_rng(0)
    W = np.zeros((H, R), np.float32)
    mu = X.mean(0) if rule == 'centred' else np.float32(0)
    out = []
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            x = X[i] - mu
            z = (x @ W).reshape(C, NPC).sum(1)
            t = y[i]
            zz = z.copy()
            zz[t] = -np.inf
            r = zz.argmax()
            mg = max(0.0, gamma + z[r] - z[t])
            if mg == 0:
                continue
            d = np.zeros(C, np.float32)
            d[r], d[t] = mg, -mg
            if rule == 'zerosum':
                W -= eta * (np.outer(x, d[cls]) - np.outer(ONES, (x @ M) / DEG * d[cls])) * M
            else:
                W -= eta * np.outer(x, d[cls]) * M
        out.append(f'{100 * (((Xv - mu) @ W).reshape(-1, C, NPC).sum(2).argmax(1) == yv).mean():.1f}')
    return out


for spec in RUNS:
    rule, eta = spec.split(':')
    print(f'{rule} eta {eta}: validation after each epoch', ' '.join(run(rule, float(eta))), flush=True)
