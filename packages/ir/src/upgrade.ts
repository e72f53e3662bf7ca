import { diag, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { IR_VERSION } from './graph.js';
import { TARGET_VERSION } from './target.js';

/**
 * Upgraders from older spec and target versions to the current ones, applied before schema
 * validation. Each step takes a deep copy of a version-N document and returns a version-N+1
 * document plus notes saying what changed; steps chain until the current version is reached.
 *
 * Spec (irVersion):
 *
 * 0.9 -> 1.0 (the pre-release format):
 *  - the sample length was called `steps`; it is `timesteps` now;
 *  - graph projections had `plastic: true|false`; now `"none" | "threeFactor" | "delta"`
 *    (true becomes "delta" into a population with role "readout", "threeFactor" otherwise);
 *  - the srsnn readout called neuronsPerClass `perClass`.
 */
type Doc = Record<string, unknown>;
type Step = { from: string; to: string; apply(doc: Doc, notes: string[]): Doc };

const SPEC_STEPS: Step[] = [
  {
    from: '0.9',
    to: '1.0',
    apply(doc, notes) {
      if ('steps' in doc && !('timesteps' in doc)) {
        doc.timesteps = doc.steps;
        delete doc.steps;
        notes.push('renamed "steps" to "timesteps"');
      }
      if (doc.kind === 'graph' && Array.isArray(doc.projections)) {
        const readouts = new Set(
          (Array.isArray(doc.populations) ? doc.populations : [])
            .filter((p): p is Doc => isObject(p) && p.role === 'readout')
            .map((p) => p.id),
        );
        for (const proj of doc.projections) {
          if (!isObject(proj) || typeof proj.plastic !== 'boolean') continue;
          proj.plastic = proj.plastic ? (readouts.has(proj.target) ? 'delta' : 'threeFactor') : 'none';
          notes.push(`projection "${String(proj.id)}": plastic boolean -> "${String(proj.plastic)}"`);
        }
      }
      if (doc.kind === 'srsnn' && isObject(doc.readout) && 'perClass' in doc.readout) {
        doc.readout.neuronsPerClass = doc.readout.perClass;
        delete doc.readout.perClass;
        notes.push('renamed readout "perClass" to "neuronsPerClass"');
      }
      return doc;
    },
  },
];

/**
 * Target (targetVersion):
 *
 * 1.0 -> 1.1: `learning.traceBits` is gone. No part of snnc could read it: the contract computes
 * eligibility in closed form (docs/semantics.md §5.2) and the readout's presynaptic count directly
 * (§5.7), so it models no trace of the chip's learning engine (Loihi's 7-bit traces, docs/targets.md).
 * Its `sources` entry and `unverified` item go with it. Checkpoints embed their target, so a
 * checkpoint written before 1.1 loads through this step.
 */
const TARGET_STEPS: Step[] = [
  {
    from: '1.0',
    to: '1.1',
    apply(doc, notes) {
      const ptr = '/learning/traceBits';
      if (isObject(doc.learning) && 'traceBits' in doc.learning) {
        delete doc.learning.traceBits;
        notes.push('removed "learning.traceBits" (read by nothing: snnc models no learning-engine trace, docs/targets.md)');
      }
      if (isObject(doc.sources)) delete doc.sources[ptr];
      if (Array.isArray(doc.unverified)) doc.unverified = doc.unverified.filter((p) => p !== ptr);
      return doc;
    },
  },
];

export const SUPPORTED_VERSIONS = [...SPEC_STEPS.map((s) => s.from), IR_VERSION];
export const SUPPORTED_TARGET_VERSIONS = [...TARGET_STEPS.map((s) => s.from), TARGET_VERSION];

function isObject(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Brings a parsed spec to the current irVersion. Returns the (possibly new) document and notes;
 * an unknown version is an error (SNNC1011) and the document is returned unchanged.
 */
export function upgradeSpec(doc: unknown, file?: string): { doc: unknown; diagnostics: Diagnostic[] } {
  return upgrade(doc, file, { key: 'irVersion', current: IR_VERSION, steps: SPEC_STEPS, supported: SUPPORTED_VERSIONS, docs: 'docs/spec-format.md' });
}

/** Brings a parsed target document to the current targetVersion (as upgradeSpec). */
export function upgradeTarget(doc: unknown, file?: string): { doc: unknown; diagnostics: Diagnostic[] } {
  return upgrade(doc, file, { key: 'targetVersion', current: TARGET_VERSION, steps: TARGET_STEPS, supported: SUPPORTED_TARGET_VERSIONS, docs: 'docs/targets.md' });
}

interface Versioning {
  key: 'irVersion' | 'targetVersion';
  current: string;
  steps: Step[];
  supported: string[];
  docs: string;
}

function upgrade(doc: unknown, file: string | undefined, v: Versioning): { doc: unknown; diagnostics: Diagnostic[] } {
  if (!isObject(doc) || doc[v.key] === v.current || doc[v.key] === undefined) return { doc, diagnostics: [] };
  const version = doc[v.key];
  if (typeof version !== 'string' || !v.supported.includes(version)) {
    return {
      doc,
      diagnostics: [
        diag(Codes.unsupportedVersion, `unsupported ${v.key} ${JSON.stringify(version)}`, {
          file,
          pointer: `/${v.key}`,
          expected: `one of ${v.supported.map((x) => JSON.stringify(x)).join(', ')}`,
          found: JSON.stringify(version),
          fix: `set "${v.key}": "${v.current}" and follow ${v.docs}`,
        }),
      ],
    };
  }
  let cur: Doc = structuredClone(doc);
  const diagnostics: Diagnostic[] = [];
  for (;;) {
    const step = v.steps.find((s) => s.from === cur[v.key]);
    if (!step) break;
    const notes: string[] = [];
    cur = step.apply(cur, notes);
    cur[v.key] = step.to;
    diagnostics.push({
      code: Codes.upgraded,
      severity: 'note',
      message: `upgraded ${v.key} ${step.from} -> ${step.to}${notes.length ? ': ' + notes.join('; ') : ''}`,
      file,
      pointer: `/${v.key}`,
    });
  }
  return { doc: cur, diagnostics };
}
