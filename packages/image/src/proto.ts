/**
 * The wire form of the payload: schemas/chip.proto, loaded at run time with protobuf.loadSync.
 *
 * Why runtime loading rather than pbjs static code: the .proto stays the single source of truth,
 * protobufjs-cli is not a dependency of the project, and the reflection encoder is deterministic
 * (fields in declaration order, no maps; protobufjs is pinned, packages/image/README.md). The
 * decoded message is typed by generated/chip.ts, generated from the same .proto by
 * scripts/gen-image.mjs and checked for staleness by a test. The schema is found relative to this
 * module (dist/src/proto.js -> <repo>/schemas/chip.proto), never via cwd.
 *
 * Why the converters below are written by hand rather than generated: the in-memory form is not the
 * wire form renamed. It chooses typed arrays and their signedness (bytes -> Int8Array matrices),
 * names enums ('threeFactor', 'strongest-other'), turns the compartment oneof into a union on
 * `model`, keeps the synapse memory flat (synapse-wire.ts), and writes some rows only when nonzero
 * so that older images keep their bytes; a generator would need an annotation per field as long as
 * the code. What generation would guarantee is checked instead: the types they read and build are
 * generated (a renamed field breaks compilation, only<M>() refuses undeclared keys), and
 * test/converters.test.ts builds from chip.proto a payload with every field set and requires the
 * round trip to keep its bytes (a field the converters drop or move fails it).
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type * as T from './types.js';
import * as W from './generated/chip.js';
import { synapsesFromMessage, synapsesToMessage } from './synapse-wire.js';

let cached: protobuf.Type | undefined;

export function schemaPath(): string {
  return fileURLToPath(new URL('../../../../schemas/chip.proto', import.meta.url));
}

export function chipImageType(): protobuf.Type {
  if (!cached) cached = protobuf.loadSync(schemaPath()).lookupType('snnc.chip.ChipImage');
  return cached;
}

/**
 * Decodes a payload into the wire form (generated/chip.ts, from schemas/chip.proto by
 * scripts/gen-image.mjs): the one place where protobufjs's untyped message meets those types.
 */
export function decodeMessage(payload: Uint8Array): W.ChipImageMessage {
  return chipImageType().decode(payload) as unknown as W.ChipImageMessage;
}

// ------------------------------------------------------------------ in-memory form -> message object

// enum values come from the generated enums (chip.proto), never repeated as literals
const RULE_CODE: Record<T.RuleKind, number> = { threeFactor: W.Rule.THREE_FACTOR, delta: W.Rule.DELTA };
const RIVAL_CODE: Record<T.Rival, number> = { winner: W.Rival.WINNER, 'strongest-other': W.Rival.STRONGEST_OTHER };

function i8(a: Int8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * `x` as message M, with every key of x declared by M (checked at compile time): an in-memory
 * field that chip.proto renamed or dropped breaks the build instead of vanishing from the bytes.
 */
function only<M>() {
  return <X extends M>(x: X & Record<Exclude<keyof X, keyof M>, never>): M => x;
}

/** The in-memory image as the message protobufjs encodes (generated/chip.ts types, from chip.proto). */
export function toMessage(img: T.ChipImage): W.ChipImageMessage {
  return {
    network: img.network,
    target: img.target,
    timesteps: img.timesteps,
    mesh: only<W.MeshMessage>()({ ...img.mesh }),
    formats: only<W.FormatsMessage>()({ ...img.formats }),
    limits: only<W.LimitsMessage>()({ ...img.limits }),
    cost: { energyPj: only<W.OpCostsMessage>()({ ...img.cost.energyPJ }), timeNs: only<W.OpCostsMessage>()({ ...img.cost.timeNs }), clockMhz: img.cost.clockMHz },
    populations: img.populations.map((p) => only<W.ProbePopulationMessage>()({ ...p })),
    cores: img.cores.map((c) => ({
      id: c.id,
      chip: c.chip,
      x: c.x,
      y: c.y,
      coreInTile: c.coreInTile,
      configs: c.configs.map((k): W.CompartmentConfigMessage => {
        if (k.model === 'srlif') {
          const { model: _srlif, ...srlif } = k;
          return { srlif: only<W.SrlifConfigMessage>()(srlif) };
        }
        const { model: _cuba, ...cuba } = k;
        return { cuba: only<W.CubaConfigMessage>()(cuba) };
      }),
      compartmentConfig: c.compartmentConfig,
      initVth: c.initVth,
      initSbar: c.initSbar,
      probePopulation: c.probePopulation,
      probeNeuron: c.probeNeuron,
      routeCount: c.routeCount,
      routeCore: c.routeCore,
      routeAxon: c.routeAxon,
      synapses: synapsesToMessage(c.synapses),
      learning: {
        rules: c.learning.rules.map((r) => only<W.LearningRuleMessage>()({ ...r, rule: RULE_CODE[r.rule] })),
        modBlock: c.learning.modBlock,
        modRow: c.learning.modRow,
        readoutClass: c.learning.readoutClass,
      },
      synapseBits: c.synapseBits,
      learningStateBits: c.learningStateBits,
    })),
    hostPorts: img.hostPorts.map((h) => only<W.HostPortMessage>()({ ...h })),
    management: {
      classes: img.management.classes,
      readoutCore: img.management.readoutCore,
      readoutSlot: img.management.readoutSlot,
      readoutClass: img.management.readoutClass,
      ...(img.management.learning ? { learning: learningToMessage(img.management.learning) } : {}),
    },
  };
}

function learningToMessage(l: T.ManagementLearning): W.ManagementLearningMessage {
  return {
    gamma: l.gamma,
    rival: RIVAL_CODE[l.rival],
    decayE: l.decayE,
    decayM: l.decayM,
    tanhTable: l.tanhTable,
    // off (0) writes nothing: images of networks without rate regularisation keep their bytes
    ...(l.rateRegMant !== 0 || l.rateRegShift !== 0 ? { rateRegMant: l.rateRegMant, rateRegShift: l.rateRegShift } : {}),
    roundingSeed: l.roundingSeed,
    blocks: l.blocks.map((b) => ({
      population: b.population,
      n: b.n,
      m: b.m,
      c: b.c,
      b: i8(b.B),
      wem: i8(b.Wem),
      wmh: i8(b.Wmh),
      emShift: b.emShift,
      mhShift: b.mhShift,
      ...(b.sal ? { sal: { mant: b.sal.mant, leak: b.sal.leak, shift: b.sal.shift, decayS: b.sal.decayS, h: i8(b.sal.H), keyProjection: b.sal.keyProjection } } : {}),
    })),
    plastic: l.plastic.map((p) => only<W.PlasticProjectionMessage>()({ ...p, rule: RULE_CODE[p.rule] })),
  };
}

// ------------------------------------------------------------------ decoded message -> in-memory form


const u32 = (a: ArrayLike<number> | undefined): Uint32Array => Uint32Array.from(a ?? []);
const s32 = (a: ArrayLike<number> | undefined): Int32Array => Int32Array.from(a ?? []);
const s8 = (a: Uint8Array | undefined): Int8Array => {
  const src = a ?? new Uint8Array(0);
  const out = new Int8Array(src.length);
  out.set(new Int8Array(src.buffer, src.byteOffset, src.length));
  return out;
};
const num = (x: unknown): number => (typeof x === 'number' ? x : 0);
const RULE_NAME = (x: unknown): T.RuleKind => (x === W.Rule.DELTA ? 'delta' : 'threeFactor');
const isRule = (x: unknown): boolean => x === W.Rule.THREE_FACTOR || x === W.Rule.DELTA;

/** Converts a decoded message; unknown enum values are reported by validateImage through `raw`. */
export function fromMessage(m: W.ChipImageMessage): { image: T.ChipImage; badEnums: string[]; badShape: string[] } {
  const badEnums: string[] = [];
  const badShape: string[] = [];
  const enumCheck = (ok: boolean, where: string) => {
    if (!ok) badEnums.push(where);
  };
  const opCosts = (o: W.OpCostsMessage | null | undefined): T.OpCosts => ({
    synapticOp: num(o?.synapticOp),
    synapticUpdate: num(o?.synapticUpdate),
    neuronActive: num(o?.neuronActive),
    neuronInactive: num(o?.neuronInactive),
    spikeInTile: num(o?.spikeInTile),
    hopEastWest: num(o?.hopEastWest),
    hopNorthSouth: num(o?.hopNorthSouth),
    chipCrossing: num(o?.chipCrossing),
    barrier: num(o?.barrier),
    // optional rows (issue 12 item 9): present only when nonzero, so older images decode unchanged
    ...(num(o?.managementMac) ? { managementMac: num(o?.managementMac) } : {}),
    ...(num(o?.managementWord) ? { managementWord: num(o?.managementWord) } : {}),
  });
  const mesh: W.MeshMessage = m.mesh ?? {};
  const formats: W.FormatsMessage = m.formats ?? {};
  const limits: W.LimitsMessage = m.limits ?? {};
  const cost: W.CostModelMessage = m.cost ?? {};
  const cores: T.CoreProgram[] = (m.cores ?? []).map((c, ci): T.CoreProgram => ({
    id: num(c.id),
    chip: num(c.chip),
    x: num(c.x),
    y: num(c.y),
    coreInTile: num(c.coreInTile),
    configs: (c.configs ?? []).map((k, ki): T.CompartmentConfig => {
      if (k.srlif) {
        const s = k.srlif;
        return {
          model: 'srlif',
          decayV: num(s.decayV),
          vth0: num(s.vth0),
          vthMin: num(s.vthMin),
          vthMax: num(s.vthMax),
          bias: num(s.bias),
          rateShift: num(s.rateShift),
          targetRate: num(s.targetRate),
          etaThetaMant: num(s.etaThetaMant),
          etaThetaShift: num(s.etaThetaShift),
        };
      }
      enumCheck(!!k.cuba, `/cores/${ci}/configs/${ki}`);
      const u: W.CubaConfigMessage = k.cuba ?? {};
      return {
        model: 'cuba',
        decayU: num(u.decayU),
        decayV: num(u.decayV),
        vthMant: num(u.vthMant),
        biasMant: num(u.biasMant),
        biasExp: num(u.biasExp),
        refractory: num(u.refractory),
      };
    }),
    compartmentConfig: u32(c.compartmentConfig),
    initVth: s32(c.initVth),
    initSbar: s32(c.initSbar),
    probePopulation: u32(c.probePopulation),
    probeNeuron: u32(c.probeNeuron),
    routeCount: u32(c.routeCount),
    routeCore: u32(c.routeCore),
    routeAxon: u32(c.routeAxon),
    synapses: synapsesFromMessage(c.synapses, `/cores/${ci}`, badShape, badEnums),
    learning: {
      rules: (c.learning?.rules ?? []).map((r, ri): T.LearningRule => {
        enumCheck(isRule(r.rule), `/cores/${ci}/learning/rules/${ri}/rule`);
        return { rule: RULE_NAME(r.rule), learnMant: num(r.learnMant), learnShift: num(r.learnShift), weightBits: num(r.weightBits) };
      }),
      modBlock: s32(c.learning?.modBlock),
      modRow: s32(c.learning?.modRow),
      readoutClass: s32(c.learning?.readoutClass),
    },
    synapseBits: num(c.synapseBits),
    learningStateBits: num(c.learningStateBits),
  }));
  const mg: W.ManagementMessage = m.management ?? {};
  let learning: T.ManagementLearning | null = null;
  if (mg.learning) {
    const l = mg.learning;
    enumCheck(l.rival === W.Rival.WINNER || l.rival === W.Rival.STRONGEST_OTHER, '/management/learning/rival');
    learning = {
      gamma: num(l.gamma),
      rival: l.rival === W.Rival.STRONGEST_OTHER ? 'strongest-other' : 'winner',
      decayE: num(l.decayE),
      decayM: num(l.decayM),
      rateRegMant: num(l.rateRegMant ?? 0),
      rateRegShift: num(l.rateRegShift ?? 0),
      tanhTable: s32(l.tanhTable),
      roundingSeed: num(l.roundingSeed),
      blocks: (l.blocks ?? []).map((b) => ({
        population: num(b.population),
        n: num(b.n),
        m: num(b.m),
        c: num(b.c),
        B: s8(b.b),
        Wem: s8(b.wem),
        Wmh: s8(b.wmh),
        emShift: num(b.emShift),
        mhShift: num(b.mhShift),
        ...(b.sal ? { sal: { mant: num(b.sal.mant), leak: num(b.sal.leak), shift: num(b.sal.shift), decayS: num(b.sal.decayS), H: s8(b.sal.h), keyProjection: num(b.sal.keyProjection) } } : {}),
      })),
      plastic: (l.plastic ?? []).map((p, pi) => {
        enumCheck(isRule(p.rule), `/management/learning/plastic/${pi}/rule`);
        return { projection: num(p.projection), synapses: num(p.synapses), rule: RULE_NAME(p.rule) };
      }),
    };
  }
  const image: T.ChipImage = {
    network: String(m.network ?? ''),
    target: String(m.target ?? ''),
    timesteps: num(m.timesteps),
    mesh: {
      meshX: num(mesh.meshX),
      meshY: num(mesh.meshY),
      coresPerTile: num(mesh.coresPerTile),
      coresPerChip: num(mesh.coresPerChip),
      chipsX: num(mesh.chipsX),
      chipsY: num(mesh.chipsY),
      hostX: num(mesh.hostX),
      hostY: num(mesh.hostY),
    },
    formats: { voltageBits: num(formats.voltageBits), currentBits: num(formats.currentBits), maxDelay: num(formats.maxDelay) },
    limits: {
      maxCompartments: num(limits.maxCompartments),
      maxInputAxons: num(limits.maxInputAxons),
      maxOutputAxons: num(limits.maxOutputAxons),
      synapseMemoryBits: num(limits.synapseMemoryBits),
      synapseWordBits: num(limits.synapseWordBits),
      learningStateBits: num(limits.learningStateBits),
      maxCompartmentConfigs: num(limits.maxCompartmentConfigs),
      maxEpochSteps: num(limits.maxEpochSteps),
      learningSupported: limits.learningSupported === true,
    },
    cost: { energyPJ: opCosts(cost.energyPj), timeNs: opCosts(cost.timeNs), clockMHz: num(cost.clockMhz) },
    populations: (m.populations ?? []).map((p) => ({ name: String(p.name ?? ''), size: num(p.size), input: p.input === true })),
    cores,
    hostPorts: (m.hostPorts ?? []).map((h) => ({
      population: num(h.population),
      neuron: num(h.neuron),
      core: u32(h.core),
      axon: u32(h.axon),
    })),
    management: {
      classes: num(mg.classes),
      readoutCore: u32(mg.readoutCore),
      readoutSlot: u32(mg.readoutSlot),
      readoutClass: u32(mg.readoutClass),
      learning,
    },
  };
  return { image, badEnums, badShape };
}
