/** Shared test networks and the §6 recorder. */
import type { CompartmentConfig } from '@snnc/image';
import type { Emulator } from '../src/index.js';
import type { Net } from './build.js';

const cfg: CompartmentConfig = {
  model: 'srlif', decayV: 0, vth0: 100, vthMin: 1, vthMax: 1000, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0,
};

/**
 * input i0 -> hidden h0, h1 (three-factor, projection 0) -> readout r0, r1 (delta, projection 1).
 * No leak (decayV = 0), threshold 100, T = 4, i0 spikes every step.
 *   h0 gets 128/step: v 128, 156, 184, 212; spikes at t = 1, 2, 3
 *   h1 gets  64/step: v 64, 128, 92, 156;   spikes at t = 2
 *   r0 gets 64 per h0 spike: v 0, 64, 128, 92;          spikes at t = 3        z0 = 1
 *   r1 gets 128 per h0, 64 per h1 spike: v 0, 128, 220, 248; spikes at t = 2, 3 z1 = 2
 */
export const net: Net = {
  timesteps: 4,
  classes: 2,
  pops: [
    { name: 'in', size: 1, input: true },
    { name: 'hidden', size: 2, config: cfg, modBlock: 0 },
    { name: 'readout', size: 2, config: cfg, readout: { npc: 1 } },
  ],
  projs: [
    { source: 0, target: 1, syn: [[0, 0, 2], [0, 1, 1]], rule: 'threeFactor', learnMant: 1, learnShift: 12 },
    { source: 1, target: 2, syn: [[0, 0, 1], [0, 1, 2], [1, 1, 1]], rule: 'delta', learnMant: 1, learnShift: 0 },
  ],
  learning: {
    gamma: 2,
    decayE: 2048, // P = 4096, 2048, 1024, 512
    decayM: 1024,
    blocks: [{ population: 1, n: 2, m: 1, B: Int8Array.of(1, 2, 3, -1), Wem: Int8Array.of(2, 1), Wmh: Int8Array.of(5, -4), emShift: 0, mhShift: 0 }],
  },
};

/** Everything §6 compares, as one array of numbers per sample. */
export function record(emu: Emulator, net: Net, rasters: Uint8Array[], labels: number[]): number[][] {
  const out: number[][] = [];
  rasters.forEach((raster, k) => {
    const trace: number[] = [];
    const r = emu.runSample(raster, labels[k], {
      learning: true,
      hooks: {
        onStep: (s) => trace.push(...s.spikes, ...s.v, ...s.vth, ...s.sbar, ...s.u),
        onEpoch: (e) => {
          trace.push(e.epoch, e.margin, ...e.delta);
          net.projs.forEach((_, p) => trace.push(...(emu.eligibility(p) ?? [])));
        },
      },
    });
    trace.push(...r.counts, r.predicted);
    net.projs.forEach((_, p) => trace.push(...(emu.weights(p) ?? [])));
    emu.modulatoryState().forEach((m) => trace.push(...m));
    out.push(trace);
  });
  return out;
}


/** `net` without learning: every projection static, no modulatory block. */
export const fixedNet: Net = {
  ...net,
  learning: undefined,
  pops: net.pops.map((p) => ({ ...p, modBlock: undefined })),
  projs: net.projs.map((p) => ({ ...p, rule: undefined })),
};
