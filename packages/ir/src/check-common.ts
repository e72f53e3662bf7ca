import { diag, LIMITS, warning, pointerJoin, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import type { LearningParams, SrlifNeuron, SrlifOverrides, WeightDist } from './generated/spec.js';

/**
 * The largest |deviate| the seeded generator's normal() draws: Box-Muller with u >= 2^-53 gives
 * sqrt(-2 ln 2^-53) = 8.57. A distribution whose draws overflow a double became weights of
 * Infinity, which the lowering clamped with a warning, or (feedback, compression) a scale of
 * 127 / Infinity = 0 that zeroed the whole matrix in silence.
 */
export const NORMAL_MAX_DEVIATE = 9;

/** Shared pieces of the semantic checks (run only on schema-valid documents). */
export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file?: string) {}

  error(code: string, pointer: string, message: string, extra: Omit<Partial<Diagnostic>, 'code' | 'message' | 'pointer'> = {}): void {
    this.diagnostics.push(diag(code, message, { file: this.file, pointer, ...extra }));
  }

  warn(code: string, pointer: string, message: string, extra: Omit<Partial<Diagnostic>, 'code' | 'message' | 'pointer'> = {}): void {
    this.diagnostics.push(warning(code, message, { file: this.file, pointer, ...extra }));
  }

  /** Reports every id seen a second time (pointer: the later occurrence). */
  uniqueIds(items: { id: string; pointer: string }[], what: string): void {
    const first = new Map<string, string>();
    for (const { id, pointer } of items) {
      const prev = first.get(id);
      if (prev !== undefined) {
        this.error(Codes.duplicateId, pointer, `duplicate ${what} id "${id}" (first used at ${prev})`, {
          expected: 'a unique id',
          found: `"${id}"`,
          fix: `rename one of the two "${id}"`,
        });
      } else first.set(id, pointer);
    }
  }

  weightDist(d: WeightDist, pointer: string): void {
    if (d.dist === 'uniform' && d.low > d.high) {
      this.error(Codes.badDistribution, pointerJoin(pointer, 'high'), 'uniform distribution needs low <= high', {
        expected: `>= ${d.low} (low)`,
        found: String(d.high),
        fix: 'swap low and high',
      });
    } else if (d.dist === 'uniform' && !Number.isFinite(d.high - d.low)) {
      this.error(Codes.badDistribution, pointerJoin(pointer, 'high'), 'uniform distribution whose width high - low is beyond the range of a double: its draws would be Infinity', {
        expected: `high - low <= ${Number.MAX_VALUE.toPrecision(4)}`,
        found: `${d.high} - ${d.low}`,
        fix: 'use weights of a sane size (voltage units: the threshold is a few units)',
      });
    } else if (d.dist === 'normal' && !Number.isFinite(Math.abs(d.mean) + NORMAL_MAX_DEVIATE * d.std)) {
      this.error(Codes.badDistribution, pointerJoin(pointer, 'std'), `normal distribution whose draws (up to |mean| + ${NORMAL_MAX_DEVIATE} std) are beyond the range of a double: they would be Infinity`, {
        expected: `|mean| + ${NORMAL_MAX_DEVIATE} x std <= ${Number.MAX_VALUE.toPrecision(4)}`,
        found: `mean ${d.mean}, std ${d.std}`,
        fix: 'use weights of a sane size (voltage units: the threshold is a few units)',
      });
    }
  }

  /**
   * feedbackWiring "readout" inverts the M x C map Wem B^T / N (feedback-wiring.ts): every
   * modulatory block needs M >= C, and B and Wem must be random (a constant distribution gives
   * rank 1).
   */
  feedbackWiring(l: LearningParams, ms: number[], classes: number): void {
    if (l.feedbackWiring !== 'readout') return;
    ms.forEach((m, k) => {
      if (m < classes) {
        const per = l.modulatory.perLayer !== undefined;
        this.error(Codes.feedbackWiring, per ? `/learning/modulatory/perLayer/${k}` : '/learning/modulatory/m', `feedbackWiring "readout" needs at least one modulatory dimension per class, but block ${k} has M = ${m}`, {
          expected: `>= ${classes} (the readout's classes)`,
          found: String(m),
          fix: `raise M to ${classes} or use feedbackWiring "random"`,
        });
      }
    });
    for (const [key, d] of [['feedback', l.feedback], ['compression', l.compression]] as const) {
      if (d.dist === 'constant') {
        this.error(Codes.feedbackWiring, `/learning/${key}/dist`, `feedbackWiring "readout" inverts Wem B^T, which a constant ${key} distribution makes singular`, {
          expected: 'normal or uniform',
          found: 'constant',
          fix: 'draw B and the compression matrices at random',
        });
      }
    }
  }

  shape(shape: number[] | undefined, size: number, pointer: string): void {
    if (!shape) return;
    const prod = shape.reduce((a, b) => a * b, 1);
    if (prod !== size) {
      this.error(Codes.shapeMismatch, pointerJoin(pointer, 'shape'), `shape [${shape.join(', ')}] has ${prod} elements but size is ${size}`, {
        expected: `product = ${size}`,
        found: String(prod),
      });
    }
  }

  /** vthMin <= vth <= vthMax, and a warning when homeostasis cannot move the threshold. */
  thresholds(n: ResolvedSrlif, pointer: string): void {
    if (!(n.vthMin <= n.vth && n.vth <= n.vthMax)) {
      this.error(Codes.thresholdBounds, pointer, `threshold bounds must satisfy vthMin <= vth <= vthMax`, {
        expected: `vthMin <= ${n.vth} <= vthMax`,
        found: `vthMin ${n.vthMin}, vthMax ${n.vthMax}`,
        fix: 'set vthMin and vthMax around vth',
      });
    } else if (n.etaTheta > 0 && n.vthMin === n.vthMax) {
      this.warn(Codes.homeostasisInert, pointer, 'homeostasis is enabled but vthMin = vthMax, so the threshold cannot move', {
        fix: 'give vthMin < vthMax',
      });
    }
  }
}

/** An srlif neuron with every default applied (docs/spec-format.md "Neurons"). */
export interface ResolvedSrlif {
  model: 'srlif';
  alpha: number;
  vth: number;
  vthMin: number;
  vthMax: number;
  bias: number;
  etaTheta: number;
  targetRate: number;
  rateTau: number;
}

/**
 * Applies overrides on top of a base neuron, then the defaults: bounds default to vth (a fixed
 * threshold), bias to 0, no homeostasis (etaTheta 0, targetRate 0, rateTau 1).
 */
export function resolveSrlif(base: SrlifNeuron, over?: SrlifOverrides): ResolvedSrlif {
  const vth = over?.vth ?? base.vth;
  const h = { ...(base.homeostasis ?? {}), ...(over?.homeostasis ?? {}) };
  return {
    model: 'srlif',
    alpha: over?.alpha ?? base.alpha,
    vth,
    // An overridden vth without overridden bounds keeps bounds that still contain it.
    vthMin: over?.vthMin ?? (over?.vth !== undefined ? Math.min(vth, base.vthMin ?? vth) : base.vthMin ?? vth),
    vthMax: over?.vthMax ?? (over?.vth !== undefined ? Math.max(vth, base.vthMax ?? vth) : base.vthMax ?? vth),
    bias: over?.bias ?? base.bias ?? 0,
    etaTheta: h.etaTheta ?? 0,
    targetRate: h.targetRate ?? 0,
    rateTau: h.rateTau ?? 1,
  };
}

/** Upper bound used before expansion to refuse networks that cannot fit in memory (docs/limits.md: one value, in LIMITS). */
export const MAX_TOTAL_SYNAPSES = LIMITS.networkSynapses;
/**
 * The value a density may take so that the synapse estimate fits the expansion limit: `value`
 * scaled by `room / synapses`, rounded down to two significant digits (a degree: to a whole
 * number); 0 when there is no room. Scaled strictly inside, as the estimate is in floating point.
 */
export function valueThatFits(value: number, synapses: number, room: number, whole = false): number {
  const fits = room > 0 ? value * (room / synapses) * (1 - 1e-9) : 0;
  if (whole) return Math.floor(fits);
  const unit = fits > 0 ? 10 ** (Math.floor(Math.log10(fits)) - 1) : 1;
  return Number((Math.floor(fits / unit) * unit).toPrecision(2));
}

/**
 * One share of the synapse estimate made before expansion, from sizes and densities: where the
 * field that scales it is (a density or degree; a projection's pointer when nothing scales it),
 * how a message names it, and that field's value. Expansion allocates about the estimate, so the
 * expansion limit here and the driver's machine-memory refusal judge the same figure.
 */
export interface SizeTerm {
  pointer: string;
  label: string;
  /** the field's name as a fix says it ("interDensity", "its density"); with value */
  field?: string;
  value?: number;
  /** a degree: the value that fits is a whole number */
  whole?: boolean;
  synapses: number;
}

export interface SynapseEstimate {
  total: number;
  terms: SizeTerm[];
  /** what a fix asks to make smaller when no field scales the largest term */
  smaller: 'layers' | 'populations';
}

/**
 * The refusal of an estimate above `limit` synapses, located at the term that contributes most,
 * with the value of its field that would make the whole fit; undefined when it fits. `beyond`
 * says what the limit is ("more than the expansion limit").
 */
export function sizeRefusal(e: SynapseEstimate, limit: number, beyond: string): { pointer: string; message: string; expected: string; found: string; fix: string } | undefined {
  if (!(e.total > limit)) return undefined;
  const top = e.terms.reduce<SizeTerm | undefined>((a, t) => (a === undefined || t.synapses > a.synapses ? t : a), undefined);
  const room = limit - (e.total - (top?.synapses ?? 0));
  const fits = top?.value !== undefined ? valueThatFits(top.value, top.synapses, room, top.whole) : 0;
  const noun = e.smaller === 'layers' ? 'layer' : 'population';
  return {
    pointer: top?.pointer ?? '',
    message: `the network would have about ${Math.round(e.total)} synapses, ${beyond}${top ? `; ${top.label} alone gives about ${Math.round(top.synapses)}` : ''}`,
    expected: `<= ${limit} synapses`,
    found: String(Math.round(e.total)),
    fix: top?.value === undefined ? `lower densities or ${noun} sizes`
      : fits > 0 ? `set ${top.field} to ${fits} or less (now ${top.value}), or use smaller ${e.smaller}`
      : `use smaller ${e.smaller} (the other projections alone exceed the limit)`,
  };
}

/** Per projection: indices are Uint32 and typed arrays are limited to 2^31 - 1 elements. */
export const MAX_PROJECTION_SYNAPSES = 2 ** 31 - 1;
