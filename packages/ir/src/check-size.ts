import { LIMITS, withinLimit, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { Checker } from './check-common.js';
import type { GraphSpec, NetworkSpec, SrsnnSpec } from './generated/spec.js';

/**
 * Sizes of a schema-valid spec against LIMITS (docs/limits.md), checked before any other semantic
 * check and before expansion allocates: neurons of the whole network (SNNC2030), and per
 * modulatory block the neurons N (the chip image caps a block at 2^20, so `validate` and `compile`
 * agree) and the entries of the M x N and C x N matrices (SNNC2031). Each refusal points at the
 * size that must shrink. (Synapse counts are estimated by checkSrsnn / checkGraph.)
 */
interface Block {
  /** neurons of the hidden population and where its size is written */
  n: number;
  nPointer: string;
  /** modulatory dimension and where it is written */
  m: number;
  mPointer: string;
}

export function checkSpecSize(spec: NetworkSpec, file?: string): Diagnostic[] {
  const c = new Checker(file);
  const { sizes, blocks, classes } = spec.kind === 'srsnn' ? srsnnSizes(spec) : graphSizes(spec);
  let neurons = 0;
  let largest = sizes[0] ?? { n: 0, pointer: '' };
  for (const s of sizes) {
    neurons += s.n;
    if (s.n > largest.n) largest = s;
  }
  if (neurons > LIMITS.networkNeurons) {
    c.error(Codes.tooManyNeurons, largest.pointer, `the network would have ${neurons} neurons, more than snnc handles`, {
      expected: withinLimit('networkNeurons', 'neurons'),
      found: String(neurons),
      fix: 'make the largest population (here) smaller',
    });
  }
  for (const b of blocks) {
    if (b.n > LIMITS.learningBlockNeurons) {
      c.error(Codes.learningBlockTooLarge, b.nPointer, `a learning population of ${b.n} neurons is larger than a modulatory block can be`, {
        expected: withinLimit('learningBlockNeurons', 'neurons (the chip image caps a block at 2^20)'),
        found: String(b.n),
        fix: 'split the layer, or make it smaller',
      });
    } else if (b.m * b.n > LIMITS.modulatoryEntries || classes * b.n > LIMITS.modulatoryEntries) {
      const byM = b.m * b.n >= classes * b.n;
      c.error(Codes.learningBlockTooLarge, byM ? b.mPointer : b.nPointer, `a modulatory block of ${byM ? `M = ${b.m}` : `C = ${classes}`} x N = ${b.n} has too many entries`, {
        expected: withinLimit('modulatoryEntries', 'entries per matrix'),
        found: `${(byM ? b.m : classes) * b.n} entries`,
        fix: byM ? 'lower the modulatory dimension M' : 'make the layer smaller',
      });
    }
  }
  return c.diagnostics;
}

type Sizes = { sizes: { n: number; pointer: string }[]; blocks: Block[]; classes: number };

function srsnnSizes(spec: SrsnnSpec): Sizes {
  const sizes = [
    { n: spec.input.size, pointer: '/input/size' },
    ...spec.layers.map((l, k) => ({ n: l.size, pointer: `/layers/${k}/size` })),
    { n: spec.readout.classes * spec.readout.neuronsPerClass, pointer: '/readout/neuronsPerClass' },
  ];
  const l = spec.learning;
  const blocks: Block[] =
    l?.enabled === true
      ? spec.layers.map((layer, k) => ({
          n: layer.size,
          nPointer: `/layers/${k}/size`,
          m: l.modulatory.perLayer?.[k] ?? l.modulatory.m,
          mPointer: l.modulatory.perLayer?.[k] !== undefined ? `/learning/modulatory/perLayer/${k}` : '/learning/modulatory/m',
        }))
      : [];
  return { sizes, blocks, classes: spec.readout.classes };
}

function graphSizes(spec: GraphSpec): Sizes {
  const sizes = spec.populations.map((p, i) => ({ n: p.size, pointer: `/populations/${i}/size` }));
  const index = new Map(spec.populations.map((p, i) => [p.id, i]));
  const l = spec.learning;
  const blocks: Block[] = [];
  let classes = 0;
  if (l?.enabled === true) {
    const r = spec.populations[index.get(l.readout) ?? -1];
    classes = r ? ((r as { classes?: number }).classes ?? r.size) : 0;
    l.hidden.forEach((id, k) => {
      const i = index.get(id);
      if (i === undefined) return; // checkGraph reports the dangling id
      blocks.push({
        n: spec.populations[i].size,
        nPointer: `/populations/${i}/size`,
        m: l.modulatory.perLayer?.[k] ?? l.modulatory.m,
        mPointer: l.modulatory.perLayer?.[k] !== undefined ? `/learning/modulatory/perLayer/${k}` : '/learning/modulatory/m',
      });
    });
  }
  return { sizes, blocks, classes };
}
