/**
 * Human-readable dump of a chip image (`snnc inspect net.snnc`) and its JSON summary
 * (`--json`). The text is stable (no timestamps, no paths, fixed order) so that a small image's
 * dump serves as a golden fixture. Long lists are cut after `limit` entries with a count of the rest.
 */
import type { ImageHeader } from './header.js';
import type { ChipImage, CompartmentConfig, CoreProgram, SynapseBlock } from './types.js';
import { BlockCursor, FORMAT_DENSE, B_FORMAT, viewOf } from './synapse-memory.js';

export interface CoreSummary {
  id: number;
  chip: number;
  x: number;
  y: number;
  coreInTile: number;
  compartments: number;
  configs: number;
  inputAxons: number;
  blocks: { dense: number; sparse: number };
  synapses: number;
  synapseBits: number;
  outputRoutes: number;
  learningRules: number;
  learningStateBits: number;
}

export function coreSummary(c: CoreProgram): CoreSummary {
  let dense = 0, sparse = 0, synapses = 0;
  const sm = c.synapses;
  const cur = new BlockCursor(sm);
  while (cur.next()) {
    if (cur.field(B_FORMAT) === FORMAT_DENSE) {
      dense++;
      if (cur.nIndex) for (let k = 0; k < cur.nIndex; k++) synapses += sm.synapseIndex[cur.index0 + k] !== 0xffffffff ? 1 : 0;
      else synapses += cur.n;
    } else {
      sparse++;
      synapses += cur.n;
    }
  }
  return {
    id: c.id, chip: c.chip, x: c.x, y: c.y, coreInTile: c.coreInTile,
    compartments: c.compartmentConfig.length, configs: c.configs.length, inputAxons: sm.axonBlocks.length,
    blocks: { dense, sparse }, synapses, synapseBits: c.synapseBits, outputRoutes: c.routeCore.length,
    learningRules: c.learning.rules.length, learningStateBits: c.learningStateBits,
  };
}

/** A JSON-friendly summary (no per-synapse data). */
export function imageSummary(img: ChipImage, header?: ImageHeader): Record<string, unknown> {
  const l = img.management.learning;
  return {
    format: header ? `${header.major}.${header.minor}` : undefined,
    payloadBytes: header?.payloadLength,
    payloadCrc32: header ? hex(header.payloadCrc) : undefined,
    target: img.target,
    network: img.network,
    timesteps: img.timesteps,
    mesh: img.mesh,
    formats: img.formats,
    limits: img.limits,
    cost: img.cost,
    populations: img.populations,
    hostPorts: img.hostPorts.length,
    // §2.4: ports whose raster values scale their spikes (absent when none is)
    ...(img.hostPorts.some((h) => h.graded) ? { gradedHostPorts: img.hostPorts.filter((h) => h.graded).length } : {}),
    hostRoutes: img.hostPorts.reduce((s, h) => s + h.core.length, 0),
    cores: img.cores.map(coreSummary),
    management: {
      classes: img.management.classes,
      readoutCompartments: img.management.readoutCore.length,
      learning: l
        ? {
            gamma: l.gamma, rival: l.rival, decayE: l.decayE, decayM: l.decayM, roundingSeed: l.roundingSeed,
            ...(l.rateRegMant !== 0 ? { rateRegMant: l.rateRegMant, rateRegShift: l.rateRegShift } : {}),
            ...(l.eligibility === 1 ? { eligibility: 'causal' } : {}),
            ...(l.readoutDecayShift !== 0 ? { readoutDecayShift: l.readoutDecayShift } : {}),
            ...(l.readoutScore === 1 ? { readoutScore: 'potential' } : {}),
            blocks: l.blocks.map((b) => ({ population: b.population, n: b.n, m: b.m, c: b.c, emShift: b.emShift, mhShift: b.mhShift })),
            plastic: l.plastic,
          }
        : null,
    },
  };
}

function hex(x: number): string {
  return '0x' + (x >>> 0).toString(16).padStart(8, '0');
}

/**
 * The synapses of a block, at most `limit`: `slot:weight`, plus `#s` (the canonical index, §1.4)
 * for plastic synapses; a hole of a plastic dense block is `slot:-`.
 */
function blockContents(b: SynapseBlock, limit: number): string {
  const n = Math.min(b.weights.length, limit);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const slot = b.format === 'dense' ? b.baseSlot + k : b.slots[k];
    const idx = b.synapseIndex.length ? b.synapseIndex[k] : -1;
    parts.push(idx === 0xffffffff ? `${slot}:-` : `${slot}:${b.weights[k]}${idx >= 0 ? `#${idx}` : ''}`);
  }
  if (b.weights.length > n) parts.push(`... (${b.weights.length - n} more)`);
  return parts.join(' ');
}

/**
 * The blocks of the first `limit` input axons as views (what the dump prints), padded with
 * placeholders to the core's axon count so that `cut` reports how many it left out.
 */
function axonBlockLists(c: CoreProgram, limit: number): SynapseBlock[][] {
  const nAxons = c.synapses.axonBlocks.length;
  const out: SynapseBlock[][] = [];
  const cur = new BlockCursor(c.synapses);
  while (cur.next() && cur.axon < limit) {
    while (out.length <= cur.axon) out.push([]);
    out[cur.axon].push(viewOf(cur));
  }
  while (out.length < Math.min(nAxons, limit)) out.push([]);
  out.length = nAxons; // holes beyond `limit` are never printed
  return out;
}

function configText(k: CompartmentConfig): string {
  return Object.entries(k)
    .map(([a, b]) => (a === 'model' ? String(b) : `${a}=${b}`))
    .join(' ');
}

export function formatImage(img: ChipImage, header?: ImageHeader, limit = 32): string {
  const L: string[] = [];
  const cut = <T>(items: ArrayLike<T>, line: (x: T, i: number) => string, indent: string) => {
    const n = Math.min(items.length, limit);
    for (let i = 0; i < n; i++) L.push(indent + line(items[i], i));
    if (items.length > n) L.push(`${indent}... (${items.length - n} more)`);
  };
  const name = (p: number, n: number) => `${img.populations[p]?.name ?? `pop${p}`}[${n}]`;
  L.push(`snnc chip image${header ? ` format ${header.major}.${header.minor}, payload ${header.payloadLength} bytes, crc32 ${hex(header.payloadCrc)}` : ''}`);
  L.push(`target ${img.target}; network ${img.network}; ${img.timesteps} timesteps per sample`);
  const m = img.mesh;
  L.push(`mesh: ${m.chipsX}x${m.chipsY} chips of ${m.meshX}x${m.meshY} tiles x ${m.coresPerTile} cores (${m.coresPerChip} per chip); host enters at tile (${m.hostX},${m.hostY})`);
  const f = img.formats, li = img.limits;
  L.push(`formats: voltage ${f.voltageBits} bits, current ${f.currentBits} bits, delay line ${f.maxDelay} steps${f.gradedInputSpikes ? ', graded input spikes' : ''}`);
  L.push(`limits per core: ${li.maxCompartments} compartments, ${li.maxInputAxons} input axons, ${li.maxOutputAxons} output axons, ` +
    `${li.synapseMemoryBits} synapse bits (${li.synapseWordBits}-bit words), ${li.learningStateBits} learning bits, ` +
    `${li.maxCompartmentConfigs || 'any'} configs; learning ${li.learningSupported ? `on chip (epoch <= ${li.maxEpochSteps} steps)` : 'not supported'}`);
  const e = img.cost.energyPJ, t = img.cost.timeNs;
  L.push(`cost (pJ / ns): ` + (Object.keys(e) as Array<keyof typeof e>).map((k) => `${k} ${e[k]}/${t[k]}`).join(', ') + `; clock ${img.cost.clockMHz} MHz`);
  L.push(`populations:`);
  img.populations.forEach((p, i) => L.push(`  ${i} ${p.name}: ${p.size}${p.input ? ' (input, host)' : ''}`));
  const graded = img.hostPorts.filter((h) => h.graded).length;
  L.push(`host ports: ${img.hostPorts.length}${graded ? ` (${graded} graded: raster values 1..255 scale their spikes, docs/semantics.md §2.4)` : ''}`);
  cut(img.hostPorts, (h) => `${name(h.population, h.neuron)} -> ${Array.from(h.core, (c, k) => `${c}:${h.axon[k]}`).join(' ') || '(none)'}${h.graded ? ' graded' : ''}`, '  ');
  for (const c of img.cores) {
    const s = coreSummary(c);
    L.push(`core ${c.id} (chip ${c.chip}, tile ${c.x},${c.y}, core ${c.coreInTile}): ${s.compartments} compartments, ${s.configs} configs, ` +
      `${s.inputAxons} axons, ${s.synapses} synapses (${s.blocks.dense} dense + ${s.blocks.sparse} sparse blocks, ${s.synapseBits} bits), ` +
      `${s.outputRoutes} routes, ${s.learningStateBits} learning bits`);
    cut(c.configs, (k, i) => `config ${i}: ${configText(k)}`, '  ');
    let r = 0;
    const routeStart = Array.from(c.routeCount, (n) => ((r += n), r - n));
    cut(c.compartmentConfig, (k, sl) => {
      const routes = Array.from({ length: c.routeCount[sl] }, (_, j) => `${c.routeCore[routeStart[sl] + j]}:${c.routeAxon[routeStart[sl] + j]}`);
      const lr = c.learning;
      const extra = [
        c.configs[k]?.model === 'srlif' ? `vth ${c.initVth[sl]} sbar ${c.initSbar[sl]}` : '',
        lr.modBlock[sl] >= 0 ? `L from block ${lr.modBlock[sl]} row ${lr.modRow[sl]}` : '',
        lr.readoutClass[sl] >= 0 ? `class ${lr.readoutClass[sl]}` : '',
      ].filter(Boolean).join(', ');
      return `slot ${sl} ${name(c.probePopulation[sl], c.probeNeuron[sl])} config ${k}${extra ? `, ${extra}` : ''} -> ${routes.join(' ') || '(no routes)'}`;
    }, '  ');
    cut(axonBlockLists(c, limit), (blocks, ai) => `axon ${ai}: ` + blocks.map((b) => {
      const where = b.format === 'dense' ? `dense slots ${b.baseSlot}..${b.baseSlot + b.weights.length - 1}` : `sparse ${b.weights.length}`;
      return `[proj ${b.projection} ${where} w${b.weightBits}e${b.weightExp} d${b.delay}${b.rule ? ` rule ${b.rule}` : ''} ${b.bits} bits: ${blockContents(b, limit)}]`;
    }).join(' '), '  ');
    cut(c.learning.rules, (ru, i) => `rule ${i + 1}: ${ru.rule} learnMant ${ru.learnMant} learnShift ${ru.learnShift} weightBits ${ru.weightBits}`, '  ');
  }
  const mg = img.management;
  L.push(`management: ${mg.classes} classes, ${mg.readoutCore.length} readout compartments`);
  cut(mg.readoutCore, (c, k) => `class ${mg.readoutClass[k]} <- core ${c} slot ${mg.readoutSlot[k]}`, '  ');
  const l = mg.learning;
  if (!l) L.push('  learning: none (inference only)');
  else {
    let lo = 0, hi = 0;
    for (const x of l.tanhTable) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    L.push(`  learning: gamma ${l.gamma}, rival ${l.rival}, decayE ${l.decayE}, decayM ${l.decayM}, roundingSeed ${l.roundingSeed}, tanh table ${l.tanhTable.length} entries in [${lo}, ${hi}]${l.rateRegMant !== 0 ? `, rate regularisation ${l.rateRegMant} >> ${l.rateRegShift}` : ''}${l.eligibility === 1 ? ', causal eligibility' : ''}${l.readoutDecayShift !== 0 ? `, readout decay 2^-${l.readoutDecayShift}` : ''}${l.readoutScore === 1 ? ', readout score spikes + potential' : ''}`);
    const values = (a: ArrayLike<number>) => {
      const n = Math.min(a.length, limit);
      const v = Array.from({ length: n }, (_, i) => a[i]).join(' ');
      return a.length > n ? `${v} ... (${a.length - n} more)` : v;
    };
    L.push(`  tanh table: ${values(l.tanhTable)}`);
    l.blocks.forEach((b, k) => {
      L.push(`  block ${k}: population ${img.populations[b.population]?.name ?? b.population}, N ${b.n}, M ${b.m}, C ${b.c}, emShift ${b.emShift}, mhShift ${b.mhShift}`);
      L.push(`    B (C x N): ${values(b.B)}`);
      L.push(`    Wem (M x N): ${values(b.Wem)}`);
      L.push(`    Wmh (N x M): ${values(b.Wmh)}`);
    });
    l.plastic.forEach((p) => L.push(`  plastic projection ${p.projection}: ${p.synapses} synapses, ${p.rule}`));
  }
  return L.join('\n') + '\n';
}
