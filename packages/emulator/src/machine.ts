/**
 * Load time: a validated ChipImage flattened into typed arrays (docs/emulator.md, "Machine model").
 * Every core keeps its own contiguous ranges: compartments [compStart[c], compStart[c+1]), axons
 * [axonStart[c], axonStart[c+1]); blocks and synapses follow their axon. Nothing here is touched
 * per step except the state arrays at the bottom, which the step loop updates in place.
 *
 * Sources are compartments (0..nComp-1) followed by host ports (nComp..nComp+nPorts-1); each has
 * a CSR list of output routes (destination global axon; its core is coreOfAxon of it).
 */
import { collectGarbage } from './collect.js';
import { BlockCursor, blockCount, B_DELAY, B_PROJECTION, B_RULE, B_WEIGHT_EXP, emptySynapsesOf, NO_SYNAPSE, plasticEntries, type ChipImage, type SynapseStream } from '@snnc/image';

export const MODEL_SRLIF = 0;
export const MODEL_CUBA = 1;
export const KIND_STATIC = 0;
export const KIND_THREE_FACTOR = 1;
export const KIND_DELTA = 2;

/**
 * A block's mode byte (Machine.blkMode): its kind, then §2.2's scale, where a weight w contributes
 * (w >> down) << shift with shift = 6 + max(0, weightExp) (6..13) and down = max(0, -weightExp)
 * (0..6): kind << MODE_KIND | (shift - 6) << 3 | down.
 */
export const MODE_KIND = 6;
export function modeKind(mode: number): number {
  return mode >> MODE_KIND;
}
export function modeShift(mode: number): number {
  return ((mode >> 3) & 7) + 6;
}
export function modeDown(mode: number): number {
  return mode & 7;
}

/**
 * A streamed load collects garbage after every this many bytes of synapse memory read (collect.ts).
 * Each core's memory, and the code generator's working arrays behind it, are garbage once read, but
 * V8 counts them as external memory and let ~200 MB of them pile up at 100k x 100 before its own
 * collection: that pile was the load's peak (docs/benchmarks.md "Emulation memory"). A full
 * collection costs tens of milliseconds; one per 32 MB is about one per 800k synapses.
 */
const STREAM_COLLECT_BYTES = 32 << 20;

/** The routes of a core whose image was given up (release, stream): read into routeAxon. */
const NO_ROUTES = new Uint32Array(0);

export class Machine {
  // ---- cores and mesh
  readonly nCores!: number;
  readonly coreId!: Int32Array;
  readonly coreGx!: Int32Array;
  readonly coreGy!: Int32Array;
  readonly compStart!: Int32Array;
  readonly axonStart!: Int32Array;
  // ---- compartment configs (global config ids) and per-compartment program
  readonly cfgModel!: Uint8Array;
  readonly cfgDecayU!: Int32Array;
  readonly cfgDecayV!: Int32Array;
  readonly cfgBias!: Float64Array; // srlif bias, cuba biasMant * 2^biasExp
  readonly cfgVth!: Float64Array; // cuba vthMant * 2^6
  readonly cfgVthMin!: Float64Array;
  readonly cfgVthMax!: Float64Array;
  readonly cfgRateShift!: Int32Array;
  readonly cfgTargetRate!: Float64Array;
  readonly cfgEtaMant!: Float64Array;
  readonly cfgEtaShift!: Int32Array;
  readonly cfgRefractory!: Int32Array;
  readonly nComp!: number;
  readonly compCfg!: Int32Array;
  readonly compCore!: Int32Array;
  /** per compartment copies of its config's model, srlif 4096 - decayV and bias: the update reads
   * them without the dependent config lookup */
  readonly compModel!: Uint8Array;
  readonly compK!: Int32Array;
  readonly compBias!: Float64Array;
  /** compBias as Int32 (used by the Int32 update when biasNarrow: every bias fits 32 bits) */
  readonly compBiasI!: Int32Array;
  readonly biasNarrow!: boolean;
  readonly initVth!: Int32Array;
  readonly initSbar!: Int32Array;
  readonly compModBlock!: Int32Array;
  readonly compModRow!: Int32Array;
  readonly compClass!: Int32Array;
  // ---- sources and routes
  readonly nPorts!: number;
  /** per host port: 1 for a graded input (§2.4) */
  readonly portGraded!: Uint8Array;
  readonly hasGraded!: boolean;
  readonly srcRouteStart!: Int32Array;
  readonly routeAxon!: Int32Array;
  readonly srcCore!: Int32Array; // -1 for host ports
  // ---- synapse memory
  //    Widths are the least the image's validated ranges allow, and tables only plastic blocks read
  //    are empty when the image has none: on a static network with about one block and one axon
  //    per synapse these are most of the emulator's bytes (docs/benchmarks.md "Emulation memory").
  readonly nAxons!: number;
  readonly axonBlockStart!: Int32Array;
  /** 1 where the axon has a delta-rule block; empty when none has (hasDelta false) */
  readonly axonHasDelta!: Uint8Array;
  /** some axon has a delta-rule block (else axonHasDelta and the per-axon x_j arrays of §5.7 are empty) */
  readonly hasDelta!: boolean;
  readonly blkSynStart!: Int32Array;
  readonly blkDelay!: Int16Array; // d - 1 (validated d <= 4096)
  /** kind and §2.2 scale in one byte (MODE_KIND, modeKind/modeShift/modeDown) */
  readonly blkMode!: Uint8Array;
  /** global rule id per block, -1 static; empty when no block is plastic (read only for plastic blocks) */
  readonly blkRule!: Int32Array;
  readonly nSyn!: number;
  readonly synTarget!: Int32Array; // global compartment
  /** plastic id per synapse or -1; empty when no block is plastic (read only for plastic blocks) */
  readonly synPlastic!: Int32Array;
  // ---- plastic synapses and rules
  readonly nPlastic!: number;
  readonly plSyn!: Int32Array;
  readonly plProj!: Int32Array;
  readonly plIndex!: Int32Array;
  readonly plRule!: Int32Array;
  readonly ruleKind!: Uint8Array;
  readonly ruleMant!: Float64Array;
  readonly ruleShift!: Int32Array;
  readonly ruleLo!: Float64Array;
  readonly ruleHi!: Float64Array;
  /** per plastic projection (image order): canonical synapse index -> plastic id */
  readonly plasticOf!: Map<number, Int32Array>;
  // ---- management: readout compartments and their classes (§4)
  readonly readoutComp!: Int32Array;
  readonly readoutClass!: Int32Array;
  // ---- probe table: network-global neuron n (populations in order) -> compartment, or -(port + 1)
  readonly popOffset!: Int32Array;
  readonly neuronComp!: Int32Array;
  /** compartment -> population index (image order) */
  readonly compPop!: Int32Array;
  /** overflow counters (§1.2) per population p: wraps of u at [2p], saturations of v at [2p + 1] */
  readonly ovf!: Float64Array;

  // ---- mutable state (docs/emulator.md "Machine model"); weights are state too
  /** validated to weightBits <= 16 (image validate.ts), and learning clamps within them */
  readonly synW!: Int16Array;
  readonly v!: Int32Array;
  readonly u!: Int32Array;
  readonly vth!: Int32Array;
  readonly sbar!: Int32Array;
  readonly ref!: Int32Array;
  readonly pending!: Uint8Array;

  /**
   * `release`: empty each core's synapse memory and route table in `image` as soon as they are
   * read (the caller gives the image up, Emulator's releaseSynapses), so that the wire's records
   * and Machine's tables are not both whole at once; the image is then the emulator's header
   * (populations, management, costs, compartments), no longer a valid image. `shared`: the tables that grow with routes, axons,
   * blocks and synapses are allocated on SharedArrayBuffers, so that starting threads does not copy
   * them (threads/shared.ts copies only what is not shared yet). `stream`: the cores' synapse
   * memory comes from it, core by core, instead of from the image (whose cores hold none; the
   * tables are sized from the stream's counts), and each core's is garbage once read.
   * `view`: no decoding; the fields of another thread's machine (threads/shared.ts machineView).
   * Going through this constructor matters: its class fields are defined first, so assigning them
   * keeps the object's properties fast, where ~90 properties added to a bare object would turn it
   * into a dictionary and slow every `m.x` read of the step loop on a worker thread ~2x.
   */
  constructor(readonly image: ChipImage, release = false, shared = false, stream?: SynapseStream, view?: Record<string, unknown>) {
    if (view) {
      Object.assign(this, view);
      return;
    }
    const img = image;
    const table = <T>(C: new (b: ArrayBuffer | SharedArrayBuffer) => T & { BYTES_PER_ELEMENT: number }, n: number): T => {
      const bytes = n * (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      return new C(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    };
    const cores = img.cores;
    const nCores = (this.nCores = cores.length);
    const m = img.mesh;
    this.coreId = Int32Array.from(cores, (c) => c.id);
    this.coreGx = Int32Array.from(cores, (c) => (c.chip % m.chipsX) * m.meshX + c.x);
    this.coreGy = Int32Array.from(cores, (c) => Math.floor(c.chip / m.chipsX) * m.meshY + c.y);
    const coreIndex = new Map<number, number>();
    cores.forEach((c, i) => coreIndex.set(c.id, i));

    // counts
    this.compStart = new Int32Array(nCores + 1);
    this.axonStart = new Int32Array(nCores + 1);
    let nCfg = 0, nBlk = 0, nSyn = 0, nRules = 0, nRoutes = 0, nPlastic = 0;
    cores.forEach((c, i) => {
      this.compStart[i + 1] = this.compStart[i] + c.compartmentConfig.length;
      this.axonStart[i + 1] = this.axonStart[i] + c.synapses.axonBlocks.length;
      nCfg += c.configs.length;
      nRules += c.learning.rules.length;
      nRoutes += c.routeCore.length;
      nBlk += stream ? stream.blocks[i] : blockCount(c.synapses);
      nSyn += stream ? stream.entries[i] : c.synapses.weights.length;
      nPlastic += stream ? stream.plastic[i] : plasticEntries(c.synapses);
    });
    for (const h of img.hostPorts) nRoutes += h.core.length;
    const nComp = (this.nComp = this.compStart[nCores]);
    const nAxons = (this.nAxons = this.axonStart[nCores]);
    this.nSyn = nSyn;
    this.nPlastic = nPlastic;
    this.nPorts = img.hostPorts.length;
    // §2.4: 1 where the host port's raster value scales its spike
    this.portGraded = Uint8Array.from(img.hostPorts, (h) => (h.graded ? 1 : 0));
    this.hasGraded = this.portGraded.includes(1);

    this.cfgModel = new Uint8Array(nCfg);
    this.cfgDecayU = new Int32Array(nCfg);
    this.cfgDecayV = new Int32Array(nCfg);
    this.cfgBias = new Float64Array(nCfg);
    this.cfgVth = new Float64Array(nCfg);
    this.cfgVthMin = new Float64Array(nCfg);
    this.cfgVthMax = new Float64Array(nCfg);
    this.cfgRateShift = new Int32Array(nCfg);
    this.cfgTargetRate = new Float64Array(nCfg);
    this.cfgEtaMant = new Float64Array(nCfg);
    this.cfgEtaShift = new Int32Array(nCfg);
    this.cfgRefractory = new Int32Array(nCfg);
    this.compCfg = new Int32Array(nComp);
    this.compCore = new Int32Array(nComp);
    this.compModel = new Uint8Array(nComp);
    this.compK = new Int32Array(nComp);
    this.compBias = new Float64Array(nComp);
    this.compBiasI = new Int32Array(nComp);
    this.initVth = new Int32Array(nComp);
    this.initSbar = new Int32Array(nComp);
    this.compModBlock = new Int32Array(nComp);
    this.compModRow = new Int32Array(nComp);
    this.compClass = new Int32Array(nComp);
    this.srcRouteStart = new Int32Array(nComp + this.nPorts + 1);
    this.routeAxon = table(Int32Array, nRoutes);
    this.srcCore = new Int32Array(nComp + this.nPorts).fill(-1);
    this.axonBlockStart = table(Int32Array, nAxons + 1);
    let axonHasDelta = new Uint8Array(0); // allocated at the first delta-rule block
    this.blkSynStart = table(Int32Array, nBlk + 1);
    this.blkDelay = table(Int16Array, nBlk);
    this.blkMode = table(Uint8Array, nBlk);
    // allocated at the first plastic block (blocks and synapses before it are static)
    let blkRule = new Int32Array(0), synPlastic = new Int32Array(0);
    this.synTarget = table(Int32Array, nSyn);
    this.synW = table(Int16Array, nSyn);
    this.plSyn = new Int32Array(nPlastic);
    this.plProj = new Int32Array(nPlastic);
    this.plIndex = new Int32Array(nPlastic);
    this.plRule = new Int32Array(nPlastic);
    this.ruleKind = new Uint8Array(nRules);
    this.ruleMant = new Float64Array(nRules);
    this.ruleShift = new Int32Array(nRules);
    this.ruleLo = new Float64Array(nRules);
    this.ruleHi = new Float64Array(nRules);
    this.plasticOf = new Map();
    for (const p of img.management.learning?.plastic ?? []) this.plasticOf.set(p.projection, new Int32Array(p.synapses).fill(-1));

    let cfg0 = 0, rule0 = 0, r = 0, blk = 0, syn = 0, pl = 0;
    // bytes of streamed synapse memory read since the last collection (STREAM_COLLECT_BYTES)
    let streamedBytes = 0;
    cores.forEach((c, ci) => {
      for (const k of c.configs) {
        const g = cfg0++;
        if (k.model === 'srlif') {
          this.cfgModel[g] = MODEL_SRLIF;
          this.cfgDecayV[g] = k.decayV;
          this.cfgBias[g] = k.bias;
          this.cfgVthMin[g] = k.vthMin;
          this.cfgVthMax[g] = k.vthMax;
          this.cfgRateShift[g] = k.rateShift;
          this.cfgTargetRate[g] = k.targetRate;
          this.cfgEtaMant[g] = k.etaThetaMant;
          this.cfgEtaShift[g] = k.etaThetaShift;
        } else {
          this.cfgModel[g] = MODEL_CUBA;
          this.cfgDecayU[g] = k.decayU;
          this.cfgDecayV[g] = k.decayV;
          this.cfgBias[g] = k.biasMant * 2 ** k.biasExp;
          this.cfgVth[g] = k.vthMant * 64;
          this.cfgRefractory[g] = k.refractory;
        }
      }
      const ruleBase = rule0;
      for (const ru of c.learning.rules) {
        const g = rule0++;
        this.ruleKind[g] = ru.rule === 'threeFactor' ? KIND_THREE_FACTOR : KIND_DELTA;
        this.ruleMant[g] = ru.learnMant;
        this.ruleShift[g] = ru.learnShift;
        this.ruleLo[g] = -(2 ** (ru.weightBits - 1));
        this.ruleHi[g] = 2 ** (ru.weightBits - 1) - 1;
      }
      const base = this.compStart[ci];
      const cfgBase = cfg0 - c.configs.length;
      let route = 0;
      for (let s = 0; s < c.compartmentConfig.length; s++) {
        const g = base + s;
        this.compCfg[g] = cfgBase + c.compartmentConfig[s];
        this.compModel[g] = this.cfgModel[this.compCfg[g]];
        this.compK[g] = 4096 - this.cfgDecayV[this.compCfg[g]];
        this.compBias[g] = this.cfgBias[this.compCfg[g]];
        this.compBiasI[g] = this.compBias[g];
        this.compCore[g] = ci;
        this.initVth[g] = c.initVth[s];
        this.initSbar[g] = c.initSbar[s];
        this.compModBlock[g] = c.learning.modBlock[s];
        this.compModRow[g] = c.learning.modRow[s];
        this.compClass[g] = c.learning.readoutClass[s];
        this.srcCore[g] = ci;
        for (let k = 0; k < c.routeCount[s]; k++, route++) {
          const dc = coreIndex.get(c.routeCore[route])!;
          this.routeAxon[r++] = this.axonStart[dc] + c.routeAxon[route];
        }
        this.srcRouteStart[g + 1] = r;
      }
      // the core's synapse memory, read in place (one cursor, no object per block)
      const sm = stream ? stream.core(ci) : c.synapses;
      const cur = new BlockCursor(sm);
      for (let ax = this.axonStart[ci]; ax < this.axonStart[ci + 1]; ax++) {
        this.axonBlockStart[ax + 1] = this.axonBlockStart[ax] + sm.axonBlocks[ax - this.axonStart[ci]];
      }
      while (cur.next()) {
        const ax = this.axonStart[ci] + cur.axon;
        const rule = cur.field(B_RULE), exp = cur.field(B_WEIGHT_EXP), projection = cur.field(B_PROJECTION) >>> 0;
        this.blkDelay[blk] = cur.field(B_DELAY) - 1;
        const kind = rule === 0 ? KIND_STATIC : this.ruleKind[ruleBase + rule - 1];
        this.blkMode[blk] = (kind << MODE_KIND) | (Math.max(0, exp) << 3) | Math.max(0, -exp);
        if (rule !== 0 && blkRule.length === 0) {
          blkRule = table(Int32Array, nBlk).fill(-1);
          synPlastic = table(Int32Array, nSyn).fill(-1);
        }
        if (rule !== 0) blkRule[blk] = ruleBase + rule - 1;
        if (kind === KIND_DELTA) {
          if (axonHasDelta.length === 0) axonHasDelta = table(Uint8Array, nAxons);
          axonHasDelta[ax] = 1;
        }
        const plastic = rule !== 0 && cur.nIndex > 0;
        for (let k = 0; k < cur.n; k++, syn++) {
          this.synTarget[syn] = base + cur.slot(k);
          this.synW[syn] = sm.weights[cur.weight0 + k];
          const index = plastic ? sm.synapseIndex[cur.index0 + k] : NO_SYNAPSE;
          if (index !== NO_SYNAPSE) {
            synPlastic[syn] = pl;
            this.plSyn[pl] = syn;
            this.plProj[pl] = projection;
            this.plIndex[pl] = index;
            this.plRule[pl] = blkRule[blk];
            this.plasticOf.get(projection)![index] = pl;
            pl++;
          }
        }
        this.blkSynStart[++blk] = syn;
      }
      if (release && !stream) c.synapses = emptySynapsesOf(sm.axonBlocks.length);
      if (stream) {
        streamedBytes += sm.axonBlocks.byteLength + sm.blocks.byteLength + sm.weights.byteLength + sm.slots.byteLength + sm.synapseIndex.byteLength;
        if (streamedBytes >= STREAM_COLLECT_BYTES) {
          collectGarbage();
          streamedBytes = 0;
        }
      }
      // routes too: routeAxon holds them (8 bytes per route in the image, ~7 per synapse on the
      // bench network, which would sit under Delivery's build); routeCount stays (per compartment).
      // (Not freed by detaching their buffers: one detached buffer anywhere makes V8 check every
      // typed-array access for detachment, ~20% slower steps; docs/benchmarks.md "Streamed load".)
      if (release || stream) c.routeCore = c.routeAxon = NO_ROUTES;
    });
    this.blkRule = blkRule;
    this.synPlastic = synPlastic;
    this.axonHasDelta = axonHasDelta;
    this.hasDelta = axonHasDelta.length > 0;
    img.hostPorts.forEach((h, k) => {
      for (let j = 0; j < h.core.length; j++) {
        const dc = coreIndex.get(h.core[j])!;
        this.routeAxon[r++] = this.axonStart[dc] + h.axon[j];
      }
      this.srcRouteStart[nComp + k + 1] = r;
    });

    const mg = img.management;
    this.readoutComp = Int32Array.from(mg.readoutCore, (id, k) => this.compStart[coreIndex.get(id)!] + mg.readoutSlot[k]);
    this.readoutClass = Int32Array.from(mg.readoutClass);

    // probe table
    const pops = img.populations;
    this.popOffset = new Int32Array(pops.length + 1);
    pops.forEach((p, i) => (this.popOffset[i + 1] = this.popOffset[i] + p.size));
    this.neuronComp = new Int32Array(this.popOffset[pops.length]);
    this.compPop = new Int32Array(nComp);
    this.ovf = new Float64Array(2 * pops.length);
    cores.forEach((c, ci) => {
      for (let s = 0; s < c.probePopulation.length; s++) {
        this.neuronComp[this.popOffset[c.probePopulation[s]] + c.probeNeuron[s]] = this.compStart[ci] + s;
        this.compPop[this.compStart[ci] + s] = c.probePopulation[s];
      }
    });
    img.hostPorts.forEach((h, k) => (this.neuronComp[this.popOffset[h.population] + h.neuron] = -(k + 1)));

    let biasNarrow = true;
    for (let g = 0; g < nComp; g++) if (this.compBias[g] !== this.compBiasI[g]) biasNarrow = false;
    this.biasNarrow = biasNarrow;
    this.v = new Int32Array(nComp);
    this.u = new Int32Array(nComp);
    this.vth = this.initVth.slice();
    this.sbar = this.initSbar.slice();
    this.ref = new Int32Array(nComp);
    this.pending = new Uint8Array(nComp);
  }

  /** The core holding input axon `ax` (a search of axonStart: off the step loop's paths, no per-axon table). */
  coreOfAxon(ax: number): number {
    const a = this.axonStart;
    let lo = 0, hi = this.nCores - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (a[mid] <= ax) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
