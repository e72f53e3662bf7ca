/**
 * compileNetwork: a lowered network + its placement + the target -> the chip image
 * (docs/chip-image.md). Deterministic: the same inputs give the same image and the same bytes
 * (no maps iterated in insertion-dependent ways, no clocks, no randomness).
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { isInputPopulation, populationOffsets, salStateBits, type LoweredNetwork, type SrlifParams, type CubaParams, type Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { emptySynapsesOf, validateImage, type ChipImage, type CompartmentConfig, type CoreProgram, type LearningRule, type OpCosts, type SynapseStream } from '@snnc/image';
import { checkCoreLimits, checkInputs } from './checks.js';
import { buildManagement, readoutOf } from './management.js';
import { planSynapses, type SynapsePlan } from './synapses.js';

export interface CodegenResult {
  image?: ChipImage;
  /**
   * With `stream`: the cores' synapse memory, written core by core as the emulator's loader asks
   * (createEmulator(image, { synapses })); `image` then holds empty synapse memory and has not
   * been validated (the loader validates it as it reads it).
   */
  synapses?: SynapseStream;
  diagnostics: Diagnostic[];
}

export interface CodegenOptions {
  /**
   * Return the synapse memory as a SynapseStream instead of in the image (issue 14 item 4: compile
   * and emulate in one process without the whole image's block records, docs/emulator.md
   * "Streamed load"). The stream keeps the network and the placement until its last core.
   */
  stream?: boolean;

}

/** `core.maxCompartmentConfigs` is optional in the target schema; absent means no limit (0). */
function maxCompartmentConfigs(target: Target): number {
  return target.core.maxCompartmentConfigs ?? 0;
}

function configOf(params: SrlifParams | CubaParams): CompartmentConfig {
  if (params.model === 'srlif') {
    const { decayV, vth0, vthMin, vthMax, bias, rateShift, targetRate, etaThetaMant, etaThetaShift } = params;
    return { model: 'srlif', decayV, vth0, vthMin, vthMax, bias, rateShift, targetRate, etaThetaMant, etaThetaShift };
  }
  const { decayU, decayV, vthMant, biasMant, biasExp, refractory } = params;
  return { model: 'cuba', decayU, decayV, vthMant, biasMant, biasExp, refractory };
}

/** The cost rows the image carries (exactly these keys, whatever else the target file holds). */
function opCosts(c: Target['cost']['energyPJ'], barrier: number): OpCosts {
  return {
    synapticOp: c.synapticOp, synapticUpdate: c.synapticUpdate, neuronActive: c.neuronActive, neuronInactive: c.neuronInactive,
    spikeInTile: c.spikeInTile, hopEastWest: c.hopEastWest, hopNorthSouth: c.hopNorthSouth, chipCrossing: c.chipCrossing, barrier,
    ...(c.managementMac ? { managementMac: c.managementMac } : {}),
    ...(c.managementWord ? { managementWord: c.managementWord } : {}),
  };
}

export function compileNetwork(net: LoweredNetwork, placement: Placement, target: Target, opts: CodegenOptions = {}): CodegenResult {
  const diagnostics = checkInputs(net, placement, target);
  if (hasErrors(diagnostics)) return { diagnostics };
  const nCores = placement.cores.length;
  const pops = net.populations;
  const learning = net.learning;

  // per-core learning rules, numbered in order of first use (projection order)
  const ruleTables: Array<Map<string, number>> = placement.cores.map(() => new Map());
  const rules: LearningRule[][] = placement.cores.map(() => []);
  const nProj = net.projections.length;
  const ruleCache = new Map<number, number>();
  const ruleOf = (core: number, q: number): number => {
    const pr = net.projections[q];
    if (pr.plasticity === 'none') return 0;
    const cached = ruleCache.get(core * nProj + q);
    if (cached !== undefined) return cached;
    const r: LearningRule = { rule: pr.plasticity, learnMant: pr.learnMant, learnShift: pr.learnShift, weightBits: pr.weightBits };
    const key = `${r.rule}/${r.learnMant}/${r.learnShift}/${r.weightBits}`;
    let id = ruleTables[core].get(key);
    if (id === undefined) {
      rules[core].push(r);
      id = rules[core].length;
      ruleTables[core].set(key, id);
    }
    ruleCache.set(core * nProj + q, id);
    return id;
  };
  const syn = planSynapses(net, placement, target, ruleOf);

  // compartments per core, in slot order
  const members: Array<Array<[number, number]>> = placement.cores.map(() => []);
  pops.forEach((p, pi) => {
    if (isInputPopulation(p)) return;
    for (let n = 0; n < p.size; n++) members[placement.neuronCore[pi][n]][placement.neuronSlot[pi][n]] = [pi, n];
  });
  const readout = readoutOf(net);
  const modBlockOf = new Map<number, number>();
  learning?.modulatory.forEach((b, k) => modBlockOf.set(b.population, k));
  const plasticTarget = new Uint8Array(pops.length);
  for (const pr of net.projections) if (pr.plasticity !== 'none') plasticTarget[pr.target] = 1;
  const salBits = salStateBits(net);
  const off = populationOffsets(net);

  const totals = {
    compartments: new Int32Array(nCores), inputAxons: new Int32Array(nCores), outputAxons: new Int32Array(nCores),
    synapseBits: syn.synapseBits, learningStateBits: new Float64Array(nCores), configs: new Int32Array(nCores),
  };
  // equal parameters share a config (compared by value, once per population)
  const popConfigKey = pops.map((p) => (p.params ? JSON.stringify(configOf(p.params)) : ''));
  const cores: CoreProgram[] = placement.cores.map((loc, ci) => {
    const list = members[ci];
    const configs: CompartmentConfig[] = [];
    const configKeys = new Map<string, number>();
    const cfgIndex = list.map(([pi]) => {
      const key = popConfigKey[pi];
      let k = configKeys.get(key);
      if (k === undefined) {
        k = configs.length;
        configs.push(configOf(pops[pi].params!));
        configKeys.set(key, k);
      }
      return k;
    });
    // output routes in slot order (CSR of the synapse layout, by global neuron id)
    const routeCount = new Uint32Array(list.length);
    let nRoutes = 0;
    list.forEach(([pi, n], sl) => {
      const g = off[pi] + n;
      routeCount[sl] = syn.routeStart[g + 1] - syn.routeStart[g];
      nRoutes += routeCount[sl];
    });
    const routeCore = new Uint32Array(nRoutes), routeAxon = new Uint32Array(nRoutes);
    let r = 0;
    for (const [pi, n] of list) {
      const g = off[pi] + n;
      for (let k = syn.routeStart[g]; k < syn.routeStart[g + 1]; k++, r++) {
        routeCore[r] = placement.cores[syn.routeCore[k]].id;
        routeAxon[r] = syn.routeAxon[k];
      }
    }
    let learnBits = 0;
    for (const [pi] of list) learnBits += (plasticTarget[pi] ? target.learning.perNeuronStateBits : 0) + salBits[pi]; // §5.10: T bits of spike record per SAL neuron
    totals.compartments[ci] = list.length;
    totals.inputAxons[ci] = syn.axons[ci];
    totals.outputAxons[ci] = nRoutes;
    totals.learningStateBits[ci] = learnBits;
    totals.configs[ci] = configs.length;
    return {
      id: loc.id, chip: loc.chip, x: loc.x, y: loc.y, coreInTile: loc.coreInTile,
      configs,
      compartmentConfig: Uint32Array.from(cfgIndex),
      initVth: Int32Array.from(list, ([pi]) => { const p = pops[pi].params!; return p.model === 'srlif' ? p.vth0 : 0; }),
      initSbar: Int32Array.from(list, ([pi]) => { const p = pops[pi].params!; return p.model === 'srlif' ? p.targetRate : 0; }),
      probePopulation: Uint32Array.from(list, ([pi]) => pi),
      probeNeuron: Uint32Array.from(list, ([, n]) => n),
      routeCount,
      routeCore,
      routeAxon,
      synapses: opts.stream ? emptySynapsesOf(syn.axons[ci]) : syn.core(ci),
      learning: {
        rules: rules[ci],
        modBlock: Int32Array.from(list, ([pi]) => modBlockOf.get(pi) ?? -1),
        modRow: Int32Array.from(list, ([pi, n]) => (modBlockOf.has(pi) ? n : -1)),
        readoutClass: Int32Array.from(list, ([pi, n]) => (readout && pi === readout.population ? readout.classOf(n) : -1)),
      },
      synapseBits: syn.synapseBits[ci],
      learningStateBits: learnBits,
    };
  });
  const maxConfigs = maxCompartmentConfigs(target);
  diagnostics.push(...checkCoreLimits(placement, target, totals, maxConfigs));
  const mg = buildManagement(net, placement, readout);
  diagnostics.push(...mg.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  if (!opts.stream) syn.release();

  const image: ChipImage = {
    network: net.name,
    target: target.name,
    timesteps: net.timesteps,
    mesh: {
      meshX: target.chip.meshX, meshY: target.chip.meshY, coresPerTile: target.chip.coresPerTile,
      coresPerChip: target.chip.meshX * target.chip.meshY * target.chip.coresPerTile,
      chipsX: target.system.chipsX, chipsY: target.system.chipsY, hostX: 0, hostY: 0,
    },
    formats: { voltageBits: target.formats.voltageBits, currentBits: target.formats.currentBits, maxDelay: syn.maxDelay, gradedInputSpikes: target.formats.gradedInputSpikes === true },
    limits: {
      maxCompartments: target.core.maxCompartments, maxInputAxons: target.core.maxInputAxons, maxOutputAxons: target.core.maxOutputAxons,
      synapseMemoryBits: target.core.synapseMemoryBits, synapseWordBits: target.core.synapseWordBits, learningStateBits: target.core.learningStateBits,
      maxCompartmentConfigs: maxConfigs, maxEpochSteps: target.learning.maxEpochSteps, learningSupported: target.learning.supported,
    },
    cost: { energyPJ: opCosts(target.cost.energyPJ, 0), timeNs: opCosts(target.cost.timeNs, target.cost.timeNs.barrier), clockMHz: target.cost.clockMHz },
    populations: pops.map((p) => ({ name: p.id, size: p.size, input: isInputPopulation(p) })),
    cores,
    hostPorts: pops.flatMap((p, pi) =>
      isInputPopulation(p)
        ? Array.from({ length: p.size }, (_, n) => {
            const g = off[pi] + n, a = syn.routeStart[g], b = syn.routeStart[g + 1];
            return {
              population: pi, neuron: n,
              core: Uint32Array.from(syn.routeCore.subarray(a, b), (c) => placement.cores[c].id),
              axon: Uint32Array.from(syn.routeAxon.subarray(a, b)),
              graded: p.graded === true, // §2.4
            };
          })
        : [],
    ),
    management: mg.management!,
  };
  if (opts.stream) return { image, synapses: streamOf(syn), diagnostics };
  const bad = validateImage(image);
  if (bad.length) {
    return {
      diagnostics: [
        ...diagnostics,
        ...bad.map((d) => diag('SNNC4190', `the generated image is not valid: ${d.message}`, { pointer: d.pointer, found: d.found, fix: 'check the lowered network parameters against docs/semantics.md ranges' })),
      ],
    };
  }
  return { image, diagnostics };
}

/** The plan's cores one at a time, in order; after the last it lets go of the network and the placement (SynapseStream). */
function streamOf(plan: SynapsePlan): SynapseStream {
  plan.dropRoutes();
  const n = plan.axons.length;
  let next = 0;
  return {
    blocks: plan.blocks, entries: plan.entries, plastic: plan.plastic,
    core(c: number) {
      if (c !== next) throw new RangeError(`synapse stream: core ${c} asked for, core ${next} is next`);
      const sm = plan.core(c);
      if (++next === n) plan.release();
      return sm;
    },
  };
}
