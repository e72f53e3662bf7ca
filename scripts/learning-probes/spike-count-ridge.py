#!/usr/bin/env python3
"""How much of the gap between the spiking network and the float check is its readout rule?
(docs/results.md, "Row-sequential: where the readout loses".) Reads the spike counts that
`DUMP=DIR node scripts/learning-probes/schedule.mjs ...` wrote (the populations feeding the readout
and the readout itself, every training and validation sample, before and after training) and
reports, on validation only:
  (a) the spiking readout's own accuracy (argmax of the class counts, lowest class on ties; it must
      equal the probe's valAll);
  (b) one-vs-rest ridge readouts on the same counts, each readout neuron over exactly the sources
      its long-range projections wire to it (the seed's sparse readout, optimal linear weights),
      class scores summed over the class's neurons;
  (c) the same over every hidden neuron (no 10% bound).
(b) against (a) is what a better readout rule could take from these very features; (c) against (b)
what the 10% wiring costs. Float, deterministic. Needs python3 with numpy.
Usage: python3 scripts/learning-probes/spike-count-ridge.py DIR [TAG ...]  (TAG: init, end; default both)
"""
import json
import sys

import numpy as np

D = sys.argv[1]
TAGS = sys.argv[2:] or ['init', 'end']
shape = json.load(open(f'{D}/shape.json'))
H, R, C = shape['hidden'], shape['readout'], shape['classes']
NPC = R // C
wiring = np.fromfile(f'{D}/wiring.u32', dtype=np.uint32).reshape(-1, 2)
sources = [np.sort(wiring[wiring[:, 1] == n, 0]) for n in range(R)]
ytr = np.fromfile(f'{D}/train.y', dtype=np.uint8)
yva = np.fromfile(f'{D}/validation.y', dtype=np.uint8)
Y = 2 * np.eye(C)[ytr] - 1
LAMBDAS = [1, 10, 100]


def load(tag, part, ext, width):
    return np.fromfile(f'{D}/{tag}-{part}.{ext}', dtype=np.float32).reshape(-1, width).astype(np.float64)


def ridge(A, b, lam):
    return np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ b)


print(f'populations feeding the readout: {shape["populations"]}; readout {R} = {C} x {NPC}; '
      f'sources per readout neuron {min(map(len, sources))}-{max(map(len, sources))}')
print('| counts | spiking readout (a) | ridge over each neuron\'s wired sources (b), lambda ' +
      ' / '.join(map(str, LAMBDAS)) + ' | ridge over all hidden (c), same lambdas | mean hidden count |')
print('| --- | ---: | ---: | ---: | ---: |')
for tag in TAGS:
    X, Xv = load(tag, 'train', 'x', H), load(tag, 'validation', 'x', H)
    Zv = load(tag, 'validation', 'z', R)
    a = 100 * (Zv.reshape(-1, C, NPC).sum(2).argmax(1) == yva).mean()
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Xs, Xvs = (X - mu) / sd, (Xv - mu) / sd
    sparse = []
    for lam in LAMBDAS:
        score = np.zeros((len(yva), C))
        for n in range(R):
            c, idx = n // NPC, sources[n]
            score[:, c] += Xvs[:, idx] @ ridge(Xs[:, idx], Y[:, c], lam)
        sparse.append(f'{100 * (score.argmax(1) == yva).mean():.1f}')
    dense = []
    G = Xs.T @ Xs
    for lam in LAMBDAS:
        Wd = np.linalg.solve(G + lam * np.eye(H), Xs.T @ Y)
        dense.append(f'{100 * ((Xvs @ Wd).argmax(1) == yva).mean():.1f}')
    print(f'| {tag} | {a:.1f} | {" / ".join(sparse)} | {" / ".join(dense)} | {X.mean():.2f} |', flush=True)
