/**
 * The one compile pipeline: spec -> Graph -> lowered network (ir) -> placement (mapper, a named
 * strategy, or a given placement) -> chip image (codegen) -> bytes (image). Every command, the
 * trainer, the checkpoint recompile and NIR import go through `compile`; `stage` says where to stop.
 * Diagnostics of the later stages are mapped back to what a user can open in one pass (locate.ts).
 */
import { hasErrors, type Diagnostic } from '@snnc/common';
import { lowerSpec, specSourceName, specSynapseEstimate, synapseCount, type Graph, type LoweredNetwork, type LoweringReport, type NetworkSpec, type SpecSource, type Target } from '@snnc/ir';
import { checkSpecFanIn, FANIN_CHECK_SYNAPSES, type Placement, type PlacementConstraints } from '@snnc/mapper';
import { compileNetwork } from '@snnc/codegen';
import { encodeImage, type ChipImage } from '@snnc/image';
import { locate } from './locate.js';
import { mapWith } from './map.js';
import { estimateHeap, EXPANSION_MS_PER_SYNAPSE, expansionRefusal, heapRefusal } from './memory.js';

/** Where the pipeline stops: after expansion, after lowering, after placement, or with the image. */
export type CompileStage = 'graph' | 'network' | 'placement' | 'image';

export interface CompileOptions {
  /** default 'image' */
  stage?: CompileStage;
  /** mapping strategy (default 'locality') */
  strategy?: string;
  /** mapper seed */
  seed?: number;
  /** expansion seed (default: the spec's seed) */
  specSeed?: number;
  /** lower for this target instead (e.g. place on a target that cannot lower the model) */
  lowerFor?: string | Target;
  /** use this placement instead of mapping (e.g. `snnc map -o` output, possibly edited) */
  placement?: Placement;
  /** the file the placement came from: placement diagnostics point into it */
  placementFile?: string;
  /** avoided cores, neuron cap, pins (docs/mapper.md §9); their diagnostics (SNNC3071-3075) point into the constraints document */
  constraints?: PlacementConstraints;
  /**
   * told as each stage (and each of the mapper's phases) starts, for the progress of a long
   * compile; `expectedMs`, where known, says how long the stage is expected to take
   */
  onPhase?: (phase: string, expectedMs?: number) => void;
  /**
   * the caller's own checks of the lowered network, run before mapping: what it refuses stops the
   * pipeline there (`failed: 'lower'`) instead of after minutes of mapping and code generation
   * (verify's refusals of its inputs and sample length)
   */
  afterLower?: (net: LoweredNetwork) => Diagnostic[];
}

export interface CompileResult {
  spec?: NetworkSpec;
  graph?: Graph;
  target?: Target;
  network?: LoweredNetwork;
  report?: LoweringReport;
  placement?: Placement;
  image?: ChipImage;
  imageBytes?: Uint8Array;
  /** the stage that stopped the pipeline with errors, if one did */
  failed?: 'lower' | 'map' | 'codegen';
  /** everything said along the way, in order; each field is present only when its stage succeeded */
  diagnostics: Diagnostic[];
}

/** Spec + target -> graph, lowered network, placement, image (the `snnc compile` pipeline). */
export function compile(spec: SpecSource, target: string | Target | undefined, options: CompileOptions = {}): CompileResult {
  const stage = options.stage ?? 'image';
  const lowerTarget = stage === 'graph' ? undefined : options.lowerFor ?? target;
  const phase = options.onPhase ?? (() => {});
  phase('reading and checking the spec');
  // before expanding: the synapse estimate against this machine's memory (every stage), and a
  // network that maps (no placement given) against the cores it goes onto: the mapper's fan-in
  // estimate, through lowerSpec's hook (the IR knows no core limit)
  const maps = stage !== 'graph' && stage !== 'network' && !options.placement;
  const beforeExpand = (s: NetworkSpec, lowering: Target | undefined): Diagnostic[] => {
    const estimate = specSynapseEstimate(s);
    const memory = expansionRefusal(estimate, specSourceName(spec));
    if (memory) return [memory];
    const on = options.lowerFor !== undefined && typeof target === 'object' ? target : lowering;
    const fanIn = maps && on ? checkSpecFanIn(s, on, specSourceName(spec), FANIN_CHECK_SYNAPSES) : [];
    if (!hasErrors(fanIn)) phase(`${stage === 'graph' ? 'expanding' : 'expanding and lowering'} about ${Math.round(estimate.total).toLocaleString('en-US')} synapses`, estimate.total * EXPANSION_MS_PER_SYNAPSE);
    return fanIn;
  };
  const c: CompileResult = lowerSpec(spec, lowerTarget, { ...(options.specSeed !== undefined ? { seed: options.specSeed } : {}), beforeExpand });
  if ((stage !== 'graph' && !c.network) || hasErrors(c.diagnostics)) c.failed = 'lower';
  if (stage === 'graph' || stage === 'network' || !c.network || !c.target || c.failed) return c;
  const diagnostics = c.diagnostics;
  const specPath = specSourceName(spec);
  const net = c.network;
  const lowered = c.target;
  const named = target ?? lowered;
  const placeOn = options.lowerFor !== undefined && typeof target === 'object' ? target : lowered;
  if (options.afterLower) {
    const own = options.afterLower(net);
    diagnostics.push(...own);
    if (hasErrors(own)) {
      c.failed = 'lower';
      return c;
    }
  }
  if (!options.placement) phase('mapping');
  const m = options.placement ? { placement: options.placement, diagnostics: [] } : mapWith(net, placeOn, options.strategy ?? 'locality', options.seed, options.constraints, (p) => phase(`mapping: ${p}`));
  diagnostics.push(...m.diagnostics.map((d) => locate(d, specPath, named, net)));
  if (!m.placement || hasErrors(diagnostics)) {
    c.failed = 'map';
    return c;
  }
  c.placement = m.placement;
  if (stage === 'placement') return c;
  // refuse up front rather than run out of heap or memory minutes later (memory.ts)
  const synapses = synapseCount(net);
  const refusal = heapRefusal(`compiling ${synapses} synapses`, estimateHeap({ synapses }));
  if (refusal) {
    diagnostics.push(refusal);
    c.failed = 'codegen';
    return c;
  }
  phase('generating the core programs');
  const g = compileNetwork(net, m.placement, lowered);
  diagnostics.push(...g.diagnostics.map((d) => locate(d, specPath, named, net, options.placementFile)));
  if (!g.image || hasErrors(diagnostics)) {
    c.failed = 'codegen';
    return c;
  }
  c.image = g.image;
  phase('encoding the chip image');
  c.imageBytes = encodeImage(g.image);
  return c;
}
