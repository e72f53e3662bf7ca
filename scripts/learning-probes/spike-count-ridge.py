#!/usr/bin/env python3
"""How much of the gap between the spiking network and the float check is its readout rule?
(docs/results.md, "Row-sequential: the training shift, and where the readout loses".) Reads the spike counts that
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
what the 10% wiring costs. With --interleaved it also prints (b) with the dumped wiring given to the
readout neurons in class-interleaved order (neuron n takes the sources of neuron (n mod npc) x
classes + floor(n / npc), the ranks of `longRange.centres: "class-interleaved"`; the rewired links
move with their neuron, so this is the option's wiring up to which links are rewired) and the
distinct sources a class hears either way. Float, deterministic. Needs python3 with numpy.
Usage: python3 scripts/learning-probes/spike-count-ridge.py DIR [TAG ...] [--interleaved]  (TAG: init, end; default both)
"""
import json
import sys

import numpy as np

D = sys.argv[1]
INTERLEAVED = '--interleaved' in sys.argv
TAGS = [a for a in sys.argv[2:] if not a.startswith('--')] or ['init', 'end']
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
    def sparse_ridge(wires, lam):
        score = np.zeros((len(yva), C))
        for n in range(R):
            c, idx = n // NPC, wires[n]
            score[:, c] += Xvs[:, idx] @ ridge(Xs[:, idx], Y[:, c], lam)
        return 100 * (score.argmax(1) == yva).mean()

    sparse = [f'{sparse_ridge(sources, lam):.1f}' for lam in LAMBDAS]
    if INTERLEAVED:
        moved = [sources[(n % NPC) * C + n // NPC] for n in range(R)]
        heard = lambda w: np.mean([len(np.unique(np.concatenate(w[c * NPC:(c + 1) * NPC]))) for c in range(C)])
        print(f'{tag}: distinct sources per class {heard(sources):.1f} as wired, {heard(moved):.1f} interleaved; '
              f'ridge (b), lambda 10: {sparse_ridge(sources, 10):.1f} as wired, {sparse_ridge(moved, 10):.1f} interleaved', flush=True)
    dense = []
    G = Xs.T @ Xs
    for lam in LAMBDAS:
        Wd = np.linalg.solve(G + lam * np.eye(H), Xs.T @ Y)
        dense.append(f'{100 * ((Xvs @ Wd).argmax(1) == yva).mean():.1f}')
    print(f'| {tag} | {a:.1f} | {" / ".join(sparse)} | {" / ".join(dense)} | {X.mean():.2f} |', flush=True)
