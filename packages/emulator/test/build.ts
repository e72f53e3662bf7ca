/**
 * A small hand-made image builder for the emulator's tests (the emulator package must not depend
 * on the code generator). Networks are given as populations, neuron configs and synapse lists;
 * a placement maps each non-input neuron to (core id, slot). Sparse blocks, one per (source
 * neuron, core, projection), in projection order; axons per (source neuron, core), sources in
 * network-global order; host ports in network-global order.
 */
import { emptySynapses, packSynapses, type ChipImage, type CompartmentConfig, type CoreProgram, type InputAxon, type LearningRule, type ModulatoryBlock, type OpCosts, type SynapseBlock } from '@snnc/image';

export interface Pop {
  name: string;
  size: number;
  input?: boolean;
  config?: CompartmentConfig;
  /** readout: class of neuron n = floor(n / npc) when < classes */
  readout?: { npc: number };
  modBlock?: number;
}

export interface Proj {
  source: number;
  target: number;
  /** (pre, post, weight) sorted by (pre, post) */
  syn: Array<[number, number, number]>;
  delay?: number;
  weightExp?: number;
  weightBits?: number;
  rule?: 'threeFactor' | 'delta';
  learnMant?: number;
  learnShift?: number;
}

export interface Net {
  timesteps: number;
  pops: Pop[];
  projs: Proj[];
  classes?: number;
  learning?: {
    gamma: number;
    rival?: 'winner' | 'strongest-other';
    decayE: number;
    decayM: number;
    rateRegMant?: number;
    rateRegShift?: number;
    /** §5.2: 1 = causal pairing */
    eligibility?: number;
    /** §5.7 readout decay shift (0: off) */
    readoutDecayShift?: number;
    /** §4 class score: 1 = spike counts plus the residual potential (srlif readout) */
    readoutScore?: number;
    tanhTable?: Int32Array;
    roundingSeed?: number;
    blocks: Array<Omit<ModulatoryBlock, 'c'>>;
  };
}

export interface MeshSpec {
  meshX: number;
  meshY: number;
  coresPerTile: number;
  chipsX?: number;
  chipsY?: number;
}

export const unitCosts: OpCosts = {
  synapticOp: 1, synapticUpdate: 2, neuronActive: 3, neuronInactive: 1, spikeInTile: 1,
  hopEastWest: 2, hopNorthSouth: 3, chipCrossing: 10, barrier: 5,
};

/** place[p][n] = global core id for non-input neurons; slots are assigned in network order. */
export function buildImage(net: Net, mesh: MeshSpec, place: number[][], costs: OpCosts = unitCosts): ChipImage {
  const chipsX = mesh.chipsX ?? 1, chipsY = mesh.chipsY ?? 1;
  const cpc = mesh.meshX * mesh.meshY * mesh.coresPerTile;
  const ids = [...new Set(place.flat())].sort((a, b) => a - b);
  const slotOf = net.pops.map((p) => new Array<number>(p.size).fill(-1));
  const cores: CoreProgram[] = ids.map((id) => {
    const chip = Math.floor(id / cpc), tile = Math.floor((id % cpc) / mesh.coresPerTile);
    return {
      id, chip, x: tile % mesh.meshX, y: Math.floor(tile / mesh.meshX), coreInTile: id % mesh.coresPerTile,
      configs: [], compartmentConfig: new Uint32Array(), initVth: new Int32Array(), initSbar: new Int32Array(),
      probePopulation: new Uint32Array(), probeNeuron: new Uint32Array(), routeCount: new Uint32Array(),
      routeCore: new Uint32Array(), routeAxon: new Uint32Array(), synapses: emptySynapses(),
      learning: { rules: [], modBlock: new Int32Array(), modRow: new Int32Array(), readoutClass: new Int32Array() },
      synapseBits: 0, learningStateBits: 0,
    };
  });
  const coreIx = new Map(ids.map((id, i) => [id, i]));
  const comp: Array<Array<{ p: number; n: number }>> = ids.map(() => []);
  net.pops.forEach((p, pi) => {
    if (p.input) return;
    for (let n = 0; n < p.size; n++) {
      const ci = coreIx.get(place[pi][n])!;
      slotOf[pi][n] = comp[ci].length;
      comp[ci].push({ p: pi, n });
    }
  });
  const classes = net.classes ?? 0;
  cores.forEach((c, ci) => {
    const list = comp[ci];
    const cfgKey: string[] = [];
    const cfgIx = list.map(({ p }) => {
      const k = JSON.stringify(net.pops[p].config);
      let i = cfgKey.indexOf(k);
      if (i < 0) { i = cfgKey.length; cfgKey.push(k); c.configs.push(net.pops[p].config!); }
      return i;
    });
    c.compartmentConfig = Uint32Array.from(cfgIx);
    c.initVth = Int32Array.from(list, ({ p }) => { const k = net.pops[p].config!; return k.model === 'srlif' ? k.vth0 : 0; });
    c.initSbar = Int32Array.from(list, ({ p }) => { const k = net.pops[p].config!; return k.model === 'srlif' ? k.targetRate : 0; });
    c.probePopulation = Uint32Array.from(list, ({ p }) => p);
    c.probeNeuron = Uint32Array.from(list, ({ n }) => n);
    c.learning.modBlock = Int32Array.from(list, ({ p }) => net.pops[p].modBlock ?? -1);
    c.learning.modRow = Int32Array.from(list, ({ p, n }) => (net.pops[p].modBlock !== undefined ? n : -1));
    c.learning.readoutClass = Int32Array.from(list, ({ p, n }) => {
      const r = net.pops[p].readout;
      return r && Math.floor(n / r.npc) < classes ? Math.floor(n / r.npc) : -1;
    });
  });
  // axons: per (source neuron, core); sources in global order, then projections in order
  const axonOf = new Map<string, number>();
  const routes = new Map<string, Array<[number, number]>>(); // "p:n" -> (core id, axon)
  let maxDelay = 1;
  const sources: Array<[number, number]> = [];
  net.pops.forEach((p, pi) => { for (let n = 0; n < p.size; n++) sources.push([pi, n]); });
  const rulesKey = cores.map(() => [] as string[]);
  // blocks per core and axon, written out; packed into each core's SynapseMemory at the end
  const axonsOf: InputAxon[][] = cores.map(() => []);
  for (const [sp, sn] of sources) {
    net.projs.forEach((pr, q) => {
      if (pr.source !== sp) return;
      const byCore = new Map<number, Array<{ slot: number; w: number; s: number }>>();
      pr.syn.forEach(([pre, post, w], s) => {
        if (pre !== sn) return;
        const ci = coreIx.get(place[pr.target][post])!;
        if (!byCore.has(ci)) byCore.set(ci, []);
        byCore.get(ci)!.push({ slot: slotOf[pr.target][post], w, s });
      });
      for (const ci of [...byCore.keys()].sort((a, b) => a - b)) {
        const key = `${sp}:${sn}:${ci}`;
        const core = cores[ci];
        if (!axonOf.has(key)) {
          axonOf.set(key, axonsOf[ci].length);
          axonsOf[ci].push({ blocks: [] });
          const rk = `${sp}:${sn}`;
          if (!routes.has(rk)) routes.set(rk, []);
          routes.get(rk)!.push([core.id, axonsOf[ci].length - 1]);
        }
        let rule = 0;
        if (pr.rule) {
          const lr: LearningRule = { rule: pr.rule, learnMant: pr.learnMant ?? 0, learnShift: pr.learnShift ?? 0, weightBits: pr.weightBits ?? 8 };
          const k = JSON.stringify(lr);
          let i = rulesKey[ci].indexOf(k);
          if (i < 0) { i = rulesKey[ci].length; rulesKey[ci].push(k); core.learning.rules.push(lr); }
          rule = i + 1;
        }
        const syn = byCore.get(ci)!;
        maxDelay = Math.max(maxDelay, pr.delay ?? 1);
        const block: SynapseBlock = {
          format: 'sparse', weightBits: pr.weightBits ?? 8, weightExp: pr.weightExp ?? 0, delay: pr.delay ?? 1, rule, projection: q, baseSlot: 0,
          slots: Uint32Array.from(syn, (x) => x.slot), weights: Int32Array.from(syn, (x) => x.w),
          synapseIndex: rule ? Uint32Array.from(syn, (x) => x.s) : new Uint32Array(), bits: 64,
        };
        axonsOf[ci][axonOf.get(key)!].blocks.push(block);
        core.synapseBits += 64;
      }
    });
  }
  cores.forEach((c, ci) => (c.synapses = packSynapses(axonsOf[ci])));
  cores.forEach((c, ci) => {
    const list = comp[ci];
    c.routeCount = Uint32Array.from(list, ({ p, n }) => routes.get(`${p}:${n}`)?.length ?? 0);
    const all = list.flatMap(({ p, n }) => routes.get(`${p}:${n}`) ?? []);
    c.routeCore = Uint32Array.from(all, (r) => r[0]);
    c.routeAxon = Uint32Array.from(all, (r) => r[1]);
  });
  const hostPorts = sources
    .filter(([p]) => net.pops[p].input)
    .map(([p, n]) => {
      const r = routes.get(`${p}:${n}`) ?? [];
      return { population: p, neuron: n, core: Uint32Array.from(r, (x) => x[0]), axon: Uint32Array.from(r, (x) => x[1]), graded: false };
    });
  const readout: Array<[number, number, number]> = [];
  net.pops.forEach((p, pi) => {
    if (!p.readout) return;
    for (let n = 0; n < p.size; n++) {
      const c = Math.floor(n / p.readout.npc);
      if (c < classes) readout.push([place[pi][n], slotOf[pi][n], c]);
    }
  });
  const L = net.learning;
  return {
    network: 'test',
    target: 'test-target',
    timesteps: net.timesteps,
    mesh: { meshX: mesh.meshX, meshY: mesh.meshY, coresPerTile: mesh.coresPerTile, coresPerChip: cpc, chipsX, chipsY, hostX: 0, hostY: 0 },
    formats: { voltageBits: 24, currentBits: 24, maxDelay, gradedInputSpikes: true },
    limits: {
      maxCompartments: 1024, maxInputAxons: 4096, maxOutputAxons: 4096, synapseMemoryBits: 1 << 20, synapseWordBits: 64,
      learningStateBits: 1 << 20, maxCompartmentConfigs: 32, maxEpochSteps: 63, learningSupported: true,
    },
    cost: { energyPJ: { ...costs }, timeNs: { ...costs }, clockMHz: 1000 },
    populations: net.pops.map((p) => ({ name: p.name, size: p.size, input: !!p.input })),
    cores,
    hostPorts,
    management: {
      classes,
      readoutCore: Uint32Array.from(readout, (r) => r[0]),
      readoutSlot: Uint32Array.from(readout, (r) => r[1]),
      readoutClass: Uint32Array.from(readout, (r) => r[2]),
      learning: L
        ? {
            gamma: L.gamma, rival: L.rival ?? 'winner', decayE: L.decayE, decayM: L.decayM,
            rateRegMant: L.rateRegMant ?? 0, rateRegShift: L.rateRegShift ?? 0, eligibility: L.eligibility ?? 0,
            readoutDecayShift: L.readoutDecayShift ?? 0,
            readoutScore: L.readoutScore ?? 0,
            tanhTable: L.tanhTable ?? Int32Array.from({ length: 256 }, (_, i) => i - 128),
            roundingSeed: L.roundingSeed ?? 0,
            blocks: L.blocks.map((b) => ({ ...b, c: classes })),
            plastic: net.projs.flatMap((pr, q) => (pr.rule && pr.syn.length > 0 ? [{ projection: q, synapses: pr.syn.length, rule: pr.rule }] : [])),
          }
        : null,
    },
  };
}

/** Every non-input neuron on core `id`. */
export function onOneCore(net: Net, id = 0): number[][] {
  return net.pops.map((p) => (p.input ? [] : new Array<number>(p.size).fill(id)));
}
