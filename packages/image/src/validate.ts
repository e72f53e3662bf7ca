/**
 * Structural validation of a decoded image: every index in range, every parallel array of the
 * right length, every field inside the ranges of docs/semantics.md. A checksum proves that a file
 * is what was written, not that what was written is sane; the emulator relies on this pass to never
 * crash or hang on a hand-made file. Codes SNNC4010 (structure) and SNNC4011 (out-of-range field).
 */
import { diag, LIMITS, type Diagnostic } from '@snnc/common';
import { NO_SYNAPSE, type ChipImage, type CoreProgram } from './types.js';
import { BlockCursor, blockCount, B_BASE_SLOT, B_BITS, B_DELAY, B_PROJECTION, B_RULE, B_WEIGHT_BITS, B_WEIGHT_EXP, plasticEntries as plasticIn, synapseShapeOk, type SynapseMemory, type SynapseStream } from './synapse-memory.js';

const MAX_DIAGNOSTICS = 20;
/**
 * Per-operation cost (pJ or ns) and clock bounds: a million times the Loihi figures (tens of pJ
 * and ns at about 1 GHz), so a run's totals (count x cost, counts below 2^53) stay finite.
 */
export const MAX_OP_COST = 1e6;
export const MAX_CLOCK_MHZ = 1e6;
const int = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;

export function validateImage(img: ChipImage, file?: string): Diagnostic[] {
  const v = beginValidation(img, file);
  if (v.stopped) return v.out;
  img.cores.forEach((c, ci) => v.core(ci, c.synapses));
  return v.finish();
}

/**
 * Validation of an image whose synapse memory comes core by core (SynapseStream): the image's own
 * fields are checked now, each core's synapse memory when it is handed to `core` (false: refused,
 * the diagnostics are in `out`), and what spans cores by `finish`. The stream's counts are checked
 * against each core's memory, since a loader sizes its tables from them.
 */
export interface StreamedValidation {
  out: Diagnostic[];
  /** true when the image is refused already (out holds why) */
  stopped: boolean;
  core(ci: number, sm: SynapseMemory): boolean;
  finish(): Diagnostic[];
}

export function validateStreamed(img: ChipImage, stream: Pick<SynapseStream, 'blocks' | 'entries' | 'plastic'>, file?: string): StreamedValidation {
  return beginValidation(img, file, stream);
}

function beginValidation(img: ChipImage, file?: string, stream?: Pick<SynapseStream, 'blocks' | 'entries' | 'plastic'>): StreamedValidation {
  const out: Diagnostic[] = [];
  const stop = (): StreamedValidation => ({ out, stopped: true, core: () => false, finish: () => out });
  // every failure, also those past MAX_DIAGNOSTICS (core() reports whether its core failed)
  let failures = 0;
  const bad = (pointer: string, message: string, found?: unknown) => {
    failures++;
    if (out.length < MAX_DIAGNOSTICS) {
      out.push(diag('SNNC4010', `invalid chip image: ${message}`, { file, pointer, ...(found !== undefined ? { found: String(found) } : {}) }));
    }
  };
  // a per-core resource limit: the limit, the value and the fix (SNNC4012)
  const over = (pointer: string, what: string, value: number, limit: number, limitName: string) => {
    if (value > limit) failures++;
    if (value > limit && out.length < MAX_DIAGNOSTICS) {
      out.push(diag('SNNC4012', `invalid chip image: core exceeds its ${what}`, {
        file, pointer, expected: `<= ${limit} (limits/${limitName})`, found: String(value), fix: 'recompile: the placement of this image breaks a per-core limit of its target',
      }));
    }
  };
  const m = img.mesh;
  if (!int(img.timesteps, 1, 1 << 19)) bad('/timesteps', 'timesteps must be 1..2^19', img.timesteps);
  if (!int(m.meshX, 1, 4096) || !int(m.meshY, 1, 4096) || !int(m.coresPerTile, 1, 64)) bad('/mesh', 'mesh dimensions out of range');
  if (m.coresPerChip !== m.meshX * m.meshY * m.coresPerTile) bad('/mesh/coresPerChip', 'coresPerChip != meshX * meshY * coresPerTile', m.coresPerChip);
  if (!int(m.chipsX, 1, 1024) || !int(m.chipsY, 1, 1024)) bad('/mesh', 'chip grid out of range');
  else if (m.meshX * m.chipsX * m.meshY * m.chipsY > LIMITS.systemTiles) bad('/mesh', `more than ${LIMITS.systemTiles} tiles in the system (LIMITS.systemTiles, as validateTarget)`);
  if (!int(m.hostX, 0, m.meshX * m.chipsX - 1) || !int(m.hostY, 0, m.meshY * m.chipsY - 1)) bad('/mesh/hostX', 'host tile outside the mesh');
  const f = img.formats;
  if (!int(f.voltageBits, 2, 32) || !int(f.currentBits, 2, 32)) bad('/formats', 'voltageBits/currentBits must be 2..32');
  if (!int(f.maxDelay, 1, 4096)) bad('/formats/maxDelay', 'maxDelay must be 1..4096', f.maxDelay);
  // §2.4: a graded port on a chip whose host spikes carry no value would run as graded here and
  // not on the chip (lowering refuses such a network, SNNC2114; this catches a hand-made image)
  const gradedPort = img.hostPorts.findIndex((h) => h.graded);
  if (gradedPort >= 0 && f.gradedInputSpikes !== true) {
    failures++;
    out.push(diag('SNNC4010', 'invalid chip image: a graded host port (§2.4) on a target without graded input spikes', {
      file, pointer: `/hostPorts/${gradedPort}/graded`, expected: 'formats.gradedInputSpikes true (a target such as loihi2), or no graded host port',
      found: 'formats.gradedInputSpikes false',
      fix: 'recompile the network with snnc compile (images before format 2.1 do not record the target\'s graded input spikes), for a target that has them',
    }));
  }
  // finite is not enough: a run multiplies each cost by its operation count, and 1e308 pJ per
  // synaptic op made every energy total Infinity (printed as null in --json, "Infinity pJ" in text)
  for (const [row, costs] of [['energyPJ', img.cost.energyPJ], ['timeNs', img.cost.timeNs]] as const) {
    for (const [k, v] of Object.entries(costs)) {
      if (!(Number.isFinite(v) && v >= 0 && v <= MAX_OP_COST)) bad(`/cost/${row}/${k}`, `costs must be in [0, ${MAX_OP_COST}] per operation`, v);
    }
  }
  if (!(Number.isFinite(img.cost.clockMHz) && img.cost.clockMHz > 0 && img.cost.clockMHz <= MAX_CLOCK_MHZ)) bad('/cost/clockMHz', `clock must be > 0 and <= ${MAX_CLOCK_MHZ} MHz`, img.cost.clockMHz);
  const lim = img.limits;
  for (const k of ['maxCompartments', 'maxInputAxons', 'maxOutputAxons', 'synapseMemoryBits', 'synapseWordBits', 'maxEpochSteps'] as const) {
    if (!int(lim[k], 1, 2 ** 40)) bad(`/limits/${k}`, `${k} must be a positive integer`, lim[k]);
  }
  if (!int(lim.learningStateBits, 0, 2 ** 40) || !int(lim.maxCompartmentConfigs, 0, 2 ** 40)) bad('/limits', 'learningStateBits/maxCompartmentConfigs must be integers >= 0');
  if (img.management.learning && !lim.learningSupported) bad('/limits/learningSupported', 'a learning program for a chip without on-chip learning (SNNC2104 refuses to compile one)', lim.learningSupported);
  if (out.length) return stop();
  if (stream && !(stream.blocks.length === img.cores.length && stream.entries.length === img.cores.length && stream.plastic.length === img.cores.length)) {
    bad('/cores', 'the synapse stream does not have one count per core');
    return stop();
  }

  const coreIndex = new Map<number, number>();
  const systemCores = m.coresPerChip * m.chipsX * m.chipsY;
  img.cores.forEach((c, i) => {
    const p = `/cores/${i}`;
    if (!int(c.id, 0, systemCores - 1) || coreIndex.has(c.id)) bad(`${p}/id`, 'core id out of range or repeated', c.id);
    if (i > 0 && c.id <= img.cores[i - 1].id) bad(`${p}/id`, 'cores must be in ascending id order', c.id);
    if (!int(c.chip, 0, m.chipsX * m.chipsY - 1) || !int(c.x, 0, m.meshX - 1) || !int(c.y, 0, m.meshY - 1) || !int(c.coreInTile, 0, m.coresPerTile - 1)) {
      bad(p, 'core location outside the mesh');
    }
    coreIndex.set(c.id, i);
  });
  // Sizes are checked against what the image holds before anything is allocated from them.
  let compartments = 0;
  let plasticEntries = 0;
  for (let i = 0; i < img.cores.length; i++) {
    const c = img.cores[i];
    compartments += c.compartmentConfig.length;
    if (stream) {
      if (!int(stream.blocks[i], 0, 2 ** 31 - 1) || !int(stream.entries[i], 0, 2 ** 31 - 1) || !int(stream.plastic[i], 0, stream.entries[i])) {
        bad(`/cores/${i}/synapses`, 'synapse stream counts out of range', `${stream.blocks[i]} blocks, ${stream.entries[i]} entries, ${stream.plastic[i]} plastic`);
        return stop();
      }
      plasticEntries += stream.plastic[i];
      continue;
    }
    if (!synapseShapeOk(c.synapses)) {
      bad(`/cores/${i}/synapses`, 'synapse memory arrays have inconsistent lengths');
      return stop();
    }
    plasticEntries += plasticIn(c.synapses);
  }
  const neurons = img.populations.reduce((s, p) => s + (int(p.size, 0, 1 << 30) ? p.size : Infinity), 0);
  if (neurons !== compartments + img.hostPorts.length) {
    bad('/populations', 'every neuron must be one compartment or one host port', `${neurons} neurons, ${compartments} compartments, ${img.hostPorts.length} host ports`);
    return stop();
  }
  const learning = img.management.learning;
  const declared = learning ? learning.plastic.reduce((s, p) => s + (int(p.synapses, 0, 1 << 30) ? p.synapses : Infinity), 0) : 0;
  if (declared !== plasticEntries) {
    bad('/management/learning/plastic', 'declared plastic synapses differ from the plastic synapses in memory', `${declared} vs ${plasticEntries}`);
    return stop();
  }
  const seen = img.populations.map((p) => new Uint8Array(p.size));
  const plastic = new Map<number, { rule: string; seen: Uint8Array }>();
  if (learning) {
    learning.plastic.forEach((pp, i) => {
      if (plastic.has(pp.projection)) bad(`/management/learning/plastic/${i}`, `projection ${pp.projection} listed twice`);
      // a plastic projection without synapses has nothing to learn and is not listed (docs/chip-image.md)
      else if (!int(pp.synapses, 1, 1 << 30)) bad(`/management/learning/plastic/${i}`, 'a listed plastic projection holds 1 to 2^30 synapses', pp.synapses);
      else plastic.set(pp.projection, { rule: pp.rule, seen: new Uint8Array(pp.synapses) });
    });
  }
  const core = (ci: number, sm: SynapseMemory): boolean => {
    const n0 = failures;
    const c = img.cores[ci];
    if (stream) {
      const p = `/cores/${ci}/synapses`;
      if (!synapseShapeOk(sm)) bad(p, 'synapse memory arrays have inconsistent lengths');
      else if (sm.axonBlocks.length !== c.synapses.axonBlocks.length) bad(`${p}/axonBlocks`, 'streamed input axons differ from the image\'s', `${sm.axonBlocks.length} vs ${c.synapses.axonBlocks.length}`);
      else if (blockCount(sm) !== stream.blocks[ci] || sm.weights.length !== stream.entries[ci] || plasticIn(sm) !== stream.plastic[ci]) {
        bad(p, 'streamed synapse memory differs from the stream\'s counts (blocks, entries, plastic synapses)');
      }
      if (failures > n0) return false;
    }
    validateCore(img, c, sm, `/cores/${ci}`, coreIndex, seen, plastic, bad, over);
    return failures === n0;
  };
  // streamed, a loader reads host ports and management before the last core: they are checked first
  if (stream) {
    checkSpanning(img, coreIndex, seen, bad);
    if (out.length) return stop();
  }
  const finish = (): Diagnostic[] => {
    if (!stream) checkSpanning(img, coreIndex, seen, bad);
    checkPlasticSeen(plastic, bad);
    return out;
  };
  return { out, stopped: false, core, finish };
}

/** What spans cores and does not read synapse memory: host ports, management, learning program. */
function checkSpanning(img: ChipImage, coreIndex: Map<number, number>, seen: Uint8Array[], bad: (p: string, m: string, f?: unknown) => void): void {
  const learning = img.management.learning;
  img.hostPorts.forEach((h, i) => {
    const p = `/hostPorts/${i}`;
    const pop = img.populations[h.population];
    if (!pop || !pop.input || !int(h.neuron, 0, pop.size - 1)) return bad(p, 'host port names no input neuron');
    if (seen[h.population][h.neuron]++) bad(p, 'input neuron has two host ports');
    if (h.core.length !== h.axon.length) bad(p, 'core/axon lengths differ');
    for (let k = 0; k < h.core.length; k++) checkDest(img, coreIndex, h.core[k], h.axon[k], `${p}/core/${k}`, bad);
  });
  const mg = img.management;
  if (!int(mg.classes, 0, 1 << 16)) bad('/management/classes', 'classes out of range', mg.classes);
  if (mg.readoutCore.length !== mg.readoutSlot.length || mg.readoutCore.length !== mg.readoutClass.length) {
    bad('/management', 'readout arrays differ in length');
  } else {
    for (let k = 0; k < mg.readoutCore.length; k++) {
      const ci = coreIndex.get(mg.readoutCore[k]);
      if (ci === undefined || mg.readoutSlot[k] >= img.cores[ci].compartmentConfig.length || mg.readoutClass[k] >= mg.classes) {
        bad(`/management/readoutCore/${k}`, 'readout compartment or class out of range');
      }
    }
  }
  if (learning) {
    const l = learning;
    if (l.tanhTable.length !== 256) bad('/management/learning/tanhTable', 'tanh table must have 256 entries', l.tanhTable.length);
    if (!int(l.decayE, 0, 4096) || !int(l.decayM, 0, 4096)) bad('/management/learning', 'decays must be 0..4096');
    if (!int(l.eligibility, 0, 1)) bad('/management/learning/eligibility', 'eligibility must be 0 (coincident) or 1 (causal), §5.2');
    if (!int(l.readoutDecayShift, 0, 30)) bad('/management/learning/readoutDecayShift', 'readout decay (§5.7): shift 0..30 (0: off)');
    if (!int(l.readoutScore, 0, 1)) bad('/management/learning/readoutScore', 'readout score (§4) must be 0 (spike counts) or 1 (with the residual potential)', l.readoutScore);
    else if (l.readoutScore === 1) checkPotentialScore(img, coreIndex, bad);
    if (!int(l.rateRegMant, 0, 255) || !int(l.rateRegShift, 0, 30)) bad('/management/learning/rateRegMant', 'rate regularisation (§5.5): mantissa 0..255, shift 0..30');
    if (!int(l.gamma, -(1 << 20), 1 << 20)) bad('/management/learning/gamma', 'gamma out of range', l.gamma);
    // Exactness (§ notation: no silent overflow): learnMant * e * L stays below 2^53 with e < 2^31.
    let maxL = 0;
    for (const x of l.tanhTable) maxL = Math.max(maxL, Math.abs(x));
    if (maxL > 1 << 15) bad('/management/learning/tanhTable', 'tanh table entries must be within +-2^15', maxL);
    img.cores.forEach((c, ci) => c.learning.rules.forEach((r, ri) => {
      if (Math.abs(r.learnMant) * Math.max(1, maxL) > 1 << 22) bad(`/cores/${ci}/learning/rules/${ri}/learnMant`, 'learnMant * max|tanh| exceeds 2^22 (products would lose exactness)');
    }));
    l.blocks.forEach((b, i) => {
      const p = `/management/learning/blocks/${i}`;
      if (!int(b.n, 1, 1 << 20) || !int(b.m, 1, 1 << 12) || b.c !== mg.classes) return bad(p, 'bad block dimensions');
      if (b.B.length !== b.c * b.n || b.Wem.length !== b.m * b.n || b.Wmh.length !== b.n * b.m) bad(p, 'matrix sizes do not match n, m, c');
      if (!int(b.emShift, 0, 52) || !int(b.mhShift, 0, 52)) bad(p, 'shifts must be 0..52');
      const s = b.sal;
      if (s && (!int(s.mant, 0, 4095) || !int(s.leak, 0, 4095) || !int(s.shift, 0, 30) || !int(s.decayS, 0, 4096) || s.H.length !== b.m * b.c || !int(s.keyProjection, 0, 2 ** 32 - 1)))
        bad(`${p}/sal`, 'SAL program outside its fields (§5.10: mant, leak 0..4095, shift 0..30, decayS 0..4096, H of m x c)');
      if (s && Math.max(s.mant, 1) * 127 * b.c * mg.readoutClass.length * img.timesteps ** 2 >= 2 ** 47)
        bad(`${p}/sal`, 'SAL statistic beyond the exact range (§5.10: mant x 127 x classes x readout neurons x timesteps^2 < 2^47)');
    });
  }
}

/**
 * §4 the potential score: the management core divides by every readout compartment's threshold,
 * so each must be srlif with vth > 0 for good (initVth and vthMin >= 1: vth never leaves
 * [min(initVth, vthMin), vthMax]), and a class score must stay exact in 32 bits:
 * n_c (T + 2^(voltageBits-1) / m + 1) + 1 < 2^31 for the n_c compartments of class c.
 */
function checkPotentialScore(img: ChipImage, coreIndex: Map<number, number>, bad: (p: string, m: string, f?: unknown) => void): void {
  const mg = img.management;
  const perClass = new Map<number, { n: number; m: number }>();
  for (let k = 0; k < mg.readoutCore.length; k++) {
    const ci = coreIndex.get(mg.readoutCore[k]);
    const core = ci === undefined ? undefined : img.cores[ci];
    const s = mg.readoutSlot[k];
    if (!core || s >= core.compartmentConfig.length) continue; // reported as out of range above
    const cfg = core.configs[core.compartmentConfig[s]];
    if (cfg?.model !== 'srlif') return bad(`/management/readoutCore/${k}`, 'readout score 1 (§4) needs srlif readout compartments (a per-compartment threshold)', cfg?.model);
    const m = Math.min(core.initVth[s], cfg.vthMin);
    if (!(m >= 1)) return bad(`/management/readoutCore/${k}`, 'readout score 1 (§4) divides by the threshold: initVth and vthMin must be >= 1', m);
    const e = perClass.get(mg.readoutClass[k]) ?? { n: 0, m: Infinity };
    perClass.set(mg.readoutClass[k], { n: e.n + 1, m: Math.min(e.m, m) });
  }
  for (const [c, { n, m }] of perClass) {
    if (n * (img.timesteps + 2 ** (img.formats.voltageBits - 1) / m + 1) + 1 >= 2 ** 31)
      return bad('/management/learning/readoutScore', `readout score 1 (§4): class ${c}'s score can leave 32 bits (n (T + 2^(voltageBits-1) / min vth + 1) < 2^31)`, `${n} compartments, threshold ${m}`);
  }
}

/** Every plastic synapse of the learning program appeared exactly once in the cores' memory. */
function checkPlasticSeen(plastic: Map<number, { rule: string; seen: Uint8Array }>, bad: (p: string, m: string, f?: unknown) => void): void {
  for (const [proj, s] of plastic) {
    if (s.seen.some((x) => x !== 1)) bad('/management/learning/plastic', `projection ${proj}: every plastic synapse must appear exactly once`);
  }
}

function checkDest(img: ChipImage, coreIndex: Map<number, number>, core: number, axon: number, p: string, bad: (p: string, m: string, f?: unknown) => void) {
  const ci = coreIndex.get(core);
  if (ci === undefined || axon >= img.cores[ci].synapses.axonBlocks.length) bad(p, 'route to a missing core or axon', `${core}:${axon}`);
}

function validateCore(
  img: ChipImage,
  c: CoreProgram,
  sm: SynapseMemory,
  p: string,
  coreIndex: Map<number, number>,
  seen: Uint8Array[],
  plastic: Map<number, { rule: string; seen: Uint8Array }>,
  bad: (p: string, m: string, f?: unknown) => void,
  over: (p: string, what: string, value: number, limit: number, limitName: string) => void,
): void {
  const n = c.compartmentConfig.length;
  const L = c.learning;
  for (const [name, a] of [
    ['initVth', c.initVth], ['initSbar', c.initSbar], ['probePopulation', c.probePopulation], ['probeNeuron', c.probeNeuron],
    ['routeCount', c.routeCount], ['learning/modBlock', L.modBlock], ['learning/modRow', L.modRow], ['learning/readoutClass', L.readoutClass],
  ] as const) {
    if (a.length !== n) return bad(`${p}/${name}`, 'per-compartment array length differs from the compartment count', a.length);
  }
  over(`${p}/compartmentConfig`, 'compartment limit', n, img.limits.maxCompartments, 'maxCompartments');
  over(`${p}/synapses`, 'input-axon limit', sm.axonBlocks.length, img.limits.maxInputAxons, 'maxInputAxons');
  c.configs.forEach((k, i) => {
    const q = `${p}/configs/${i}`;
    if (k.model === 'srlif') {
      // targetRate is Q12 like sbar (§3.2; lowering clamps it to [0, 4096]): outside it, etaThetaMant x (sbar - targetRate) can pass 2^53
      if (!int(k.decayV, 0, 4096) || !int(k.rateShift, 0, 30) || !int(k.etaThetaShift, 0, 52) || !(k.vthMin >= 0) || k.vthMin > k.vthMax || !int(k.targetRate, 0, 4096)) bad(q, 'srlif parameters out of range');
    } else if (!int(k.decayU, 0, 4095) || !int(k.decayV, 0, 4096) || !int(k.biasExp, 0, 24) || !int(k.refractory, 0, 1 << 20) ||
      !(Math.abs(k.biasMant) * 2 ** k.biasExp < 2 ** 40)) {
      bad(q, 'cuba parameters out of range');
    }
  });
  let routes = 0;
  for (let s = 0; s < n; s++) {
    if (c.compartmentConfig[s] >= c.configs.length) bad(`${p}/compartmentConfig/${s}`, 'config index out of range');
    if (!(c.initVth[s] >= 0)) bad(`${p}/initVth/${s}`, 'initial threshold below zero (§3.2)', c.initVth[s]);
    if (!(c.initSbar[s] >= 0 && c.initSbar[s] <= 4096)) bad(`${p}/initSbar/${s}`, 'initial rate estimate outside Q12 [0, 4096] (§3.2)', c.initSbar[s]);
    const pop = img.populations[c.probePopulation[s]];
    if (!pop || pop.input || c.probeNeuron[s] >= pop.size) bad(`${p}/probePopulation/${s}`, 'compartment names no neuron');
    else if (seen[c.probePopulation[s]][c.probeNeuron[s]]++) bad(`${p}/probeNeuron/${s}`, 'neuron placed twice');
    const mb = L.modBlock[s];
    const blocks = img.management.learning?.blocks ?? [];
    if (mb !== -1 && (!(mb >= 0 && mb < blocks.length) || !(L.modRow[s] >= 0 && L.modRow[s] < blocks[mb].n))) bad(`${p}/learning/modBlock/${s}`, 'modulatory block/row out of range');
    if (L.readoutClass[s] < -1 || L.readoutClass[s] >= img.management.classes) bad(`${p}/learning/readoutClass/${s}`, 'readout class out of range');
    routes += c.routeCount[s];
  }
  if (routes !== c.routeCore.length || routes !== c.routeAxon.length) return bad(`${p}/routeCount`, 'route counts do not match the route table');
  over(`${p}/routeCount`, 'output-axon limit', routes, img.limits.maxOutputAxons, 'maxOutputAxons');
  for (let r = 0; r < routes; r++) checkDest(img, coreIndex, c.routeCore[r], c.routeAxon[r], `${p}/routeCore/${r}`, bad);
  L.rules.forEach((r, i) => {
    if (!int(r.learnShift, 0, 30) || !int(r.weightBits, 1, 16) || !int(r.learnMant, -(1 << 16), 1 << 16)) bad(`${p}/learning/rules/${i}`, 'learning rule out of range');
  });
  if (L.rules.length && !img.management.learning) bad(`${p}/learning/rules`, 'plastic synapses but no learning program');
  let bits = 0;
  // pointers are built only on failure: 800k blocks in a core set are common
  const cur = new BlockCursor(sm);
  let ai = -1, bi = 0;
  const at = (rest = '') => `${p}/axons/${ai}/blocks/${bi}${rest}`;
  while (cur.next()) {
    if (cur.axon !== ai) {
      ai = cur.axon;
      bi = 0;
    } else bi++;
    checkBlock();
  }
  function checkBlock(): void {
    const weightBits = cur.field(B_WEIGHT_BITS), rule = cur.field(B_RULE);
    bits += cur.field(B_BITS) >>> 0;
    const k = cur.n, e0 = cur.weight0, w = sm.weights;
    if (!int(weightBits, 1, 16) || !int(cur.field(B_WEIGHT_EXP), -6, 7) || !int(cur.field(B_DELAY), 1, img.formats.maxDelay) || !int(rule, 0, L.rules.length)) {
      return bad(at(), 'block header out of range');
    }
    const lim = 2 ** (weightBits - 1);
    for (let j = 0; j < k; j++) if (w[e0 + j] < -lim || w[e0 + j] >= lim) return bad(at(`/weights/${j}`), 'weight does not fit weightBits', w[e0 + j]);
    const dense = cur.dense;
    if (dense) {
      if (cur.nSlots !== 0 || (cur.field(B_BASE_SLOT) >>> 0) + k > n) return bad(at(), 'dense block outside the core');
    } else {
      if (cur.nSlots !== k) return bad(at(), 'slots/weights lengths differ');
      for (let j = 0; j < k; j++) if (sm.slots[cur.slot0 + j] >= n) return bad(at(`/slots/${j}`), 'target slot out of range', sm.slots[cur.slot0 + j]);
    }
    if (rule === 0) {
      if (cur.nIndex !== 0) bad(at(), 'static block with canonical indices');
      return;
    }
    const r = L.rules[rule - 1];
    const pp = plastic.get(cur.field(B_PROJECTION) >>> 0);
    if (!pp || pp.rule !== r.rule || cur.nIndex !== k || r.weightBits !== weightBits) return bad(at(), 'plastic block inconsistent with its projection or rule');
    for (let j = 0; j < k; j++) {
      const s = sm.synapseIndex[cur.index0 + j];
      if (s === NO_SYNAPSE && dense && w[e0 + j] === 0) continue; // a hole of a dense block
      if (s >= pp.seen.length) return bad(at(`/synapseIndex/${j}`), 'canonical index out of range', s);
      pp.seen[s]++;
    }
  }
  if (bits !== c.synapseBits) bad(`${p}/synapseBits`, 'synapseBits differs from the sum of block bits', c.synapseBits);
  over(`${p}/synapseBits`, 'synapse memory', c.synapseBits, img.limits.synapseMemoryBits, 'synapseMemoryBits');
  over(`${p}/learningStateBits`, 'learning-state budget', c.learningStateBits, img.limits.learningStateBits, 'learningStateBits');
}
