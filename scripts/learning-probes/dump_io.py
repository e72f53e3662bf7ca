"""Reads what `DUMP=DIR ... schedule.mjs` writes (one place for the dump's layout): shape.json,
the readout's wiring (pairs of hidden column, readout neuron), spike counts per part and tag,
labels, and the readout's weights (voltage units, wiring order)."""
import json

import numpy as np


def load(D, tag):
    """shape (H, R, C, NPC), the 0/1 wiring mask M (H x R), the wiring pairs, X / Xv (train and
    validation counts, float32) and y / yv (labels) of the dump DIR at TAG (init or end)."""
    shape = json.load(open(f'{D}/shape.json'))
    H, R, C = shape['hidden'], shape['readout'], shape['classes']
    w = np.fromfile(f'{D}/wiring.u32', dtype=np.uint32).reshape(-1, 2)
    M = np.zeros((H, R), np.float32)
    M[w[:, 0], w[:, 1]] = 1
    X = np.fromfile(f'{D}/{tag}-train.x', dtype=np.float32).reshape(-1, H)
    Xv = np.fromfile(f'{D}/{tag}-validation.x', dtype=np.float32).reshape(-1, H)
    y = np.fromfile(f'{D}/train.y', dtype=np.uint8)
    yv = np.fromfile(f'{D}/validation.y', dtype=np.uint8)
    return (H, R, C, R // C), M, w, X, Xv, y, yv


def weights(D, tag):
    """The readout's weights at TAG, float32 voltage units, in the wiring's order."""
    return np.fromfile(f'{D}/{tag}-weights.f32', dtype=np.float32)
