#!/usr/bin/env python3
"""What a count readout can get from integrating neurons on row-sequential MNIST (docs/results.md,
"Why the row-sequential gain was out of reach for the previous network"). An srlif neuron with alpha 0.95 and reset by
subtraction integrates about 20 of the 28 rows, so its spike count is close to a rectified function
of (recency-weighted) column totals. This measures, on validation only, how much class information
such totals carry: (a) a linear classifier, (b) 1,500 fixed random ReLU features with a trained
linear readout (the float analogue of readout-only learning), (c) a 500-unit MLP trained end to
end by backpropagation (an upper bound on what any hidden learning can add on that input).
Float, non-spiking, seeded (numpy's default_rng(0)). Needs python3 with numpy.
Usage: node scripts/learning-probes/rows-ceiling-dump.mjs DIR && python3 scripts/learning-probes/rows-ceiling.py DIR
"""
import sys
import numpy as np

D = sys.argv[1] if len(sys.argv) > 1 else '.'


def load(n):
    X = np.fromfile(f'{D}/{n}.x', dtype=np.float32).reshape(-1, 28, 28) / 255.0
    return X, np.fromfile(f'{D}/{n}.y', dtype=np.uint8)


Xtr, ytr = load('train')
Xva, yva = load('validation')
rec = 0.95 ** (27 - np.arange(28))  # weight of row t in v at the last step (alpha 0.95)
FEATURES = {
    'column sums (28)': lambda X: X.sum(1),
    'column sums weighted by recency 0.95^(27-t) (28)': lambda X: np.einsum('nrc,r->nc', X, rec),
    'both of the above (56)': lambda X: np.concatenate([X.sum(1), np.einsum('nrc,r->nc', X, rec)], 1),
    'row sums and column sums (56; rows need position)': lambda X: np.concatenate([X.sum(1), X.sum(2)], 1),
    'the whole image (784; what rate coding sees)': lambda X: X.reshape(len(X), -1),
}


def ridge(H, y, Hv, yv, lam):
    W = np.linalg.solve(H.T @ H + lam * np.eye(H.shape[1]), H.T @ np.eye(10)[y])
    return (np.argmax(Hv @ W, 1) == yv).mean()


def mlp(F, y, Fv, yv, h=500, epochs=40, lr=1e-3, seed=0):
    r = np.random.default_rng(seed)
    d = F.shape[1]
    P = [r.normal(size=(d, h)) * np.sqrt(2 / d), np.zeros(h), r.normal(size=(h, 10)) * np.sqrt(1 / h), np.zeros(10)]
    M = [np.zeros_like(p) for p in P]
    V = [np.zeros_like(p) for p in P]
    Y = np.eye(10)[y]
    k, best = 0, 0.0
    for _ in range(epochs):
        order = r.permutation(len(F))
        for s in range(0, len(order), 50):
            i = order[s:s + 50]
            a = F[i] @ P[0] + P[1]
            hh = np.maximum(a, 0)
            z = hh @ P[2] + P[3]
            z -= z.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            g = (p - Y[i]) / len(i)
            gh = g @ P[2].T * (a > 0)
            grads = [F[i].T @ gh, gh.sum(0), hh.T @ g, g.sum(0)]
            k += 1
            for j, gg in enumerate(grads):  # Adam
                M[j] = 0.9 * M[j] + 0.1 * gg
                V[j] = 0.999 * V[j] + 0.001 * gg * gg
                P[j] -= lr * (M[j] / (1 - 0.9 ** k)) / (np.sqrt(V[j] / (1 - 0.999 ** k)) + 1e-8)
        best = max(best, (np.argmax(np.maximum(Fv @ P[0] + P[1], 0) @ P[2] + P[3], 1) == yv).mean())
    return best


rng = np.random.default_rng(0)
print('| input to the classifier | linear | 1,500 random ReLU features + trained linear readout | trained 500-unit MLP (backprop) |')
print('| --- | ---: | ---: | ---: |')
for name, f in FEATURES.items():
    F, Fv = f(Xtr), f(Xva)
    mu, sd = F.mean(0), F.std(0) + 1e-6
    F, Fv = (F - mu) / sd, (Fv - mu) / sd
    one, onev = np.c_[F, np.ones(len(F))], np.c_[Fv, np.ones(len(Fv))]
    lin = max(ridge(one, ytr, onev, yva, lam) for lam in [1e-2, 1, 100])
    R = rng.normal(size=(F.shape[1], 1500)) / np.sqrt(F.shape[1])
    b = rng.normal(size=1500)
    H, Hv = np.maximum(F @ R + b, 0), np.maximum(Fv @ R + b, 0)
    rf = max(ridge(H, ytr, Hv, yva, lam) for lam in [1, 10, 100])
    m = '' if F.shape[1] > 100 else f'{100 * mlp(F, ytr, Fv, yva):.1f}'
    print(f'| {name} | {100 * lin:.1f} | {100 * rf:.1f} | {m} |')
