import { diag, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { IR_VERSION } from './graph.js';

/**
 * Upgraders from older spec versions to the current one, applied before schema validation.
 * Each step takes a deep copy of a version-N document and returns a version-N+1 document plus
 * notes saying what changed; steps chain until the current version is reached.
 *
 * 0.9 -> 1.0 (the pre-release format):
 *  - the sample length was called `steps`; it is `timesteps` now;
 *  - graph projections had `plastic: true|false`; now `"none" | "threeFactor" | "delta"`
 *    (true becomes "delta" into a population with role "readout", "threeFactor" otherwise);
 *  - the srsnn readout called neuronsPerClass `perClass`.
 */
type Doc = Record<string, unknown>;
type Step = { from: string; to: string; apply(doc: Doc, notes: string[]): Doc };

const STEPS: Step[] = [
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

export const SUPPORTED_VERSIONS = [...STEPS.map((s) => s.from), IR_VERSION];

function isObject(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Brings a parsed document to the current irVersion. Returns the (possibly new) document and
 * notes; an unknown version is an error (SNNC1011) and the document is returned unchanged.
 */
export function upgradeSpec(doc: unknown, file?: string): { doc: unknown; diagnostics: Diagnostic[] } {
  if (!isObject(doc) || doc.irVersion === IR_VERSION || doc.irVersion === undefined) return { doc, diagnostics: [] };
  const version = doc.irVersion;
  if (typeof version !== 'string' || !SUPPORTED_VERSIONS.includes(version)) {
    return {
      doc,
      diagnostics: [
        diag(Codes.unsupportedVersion, `unsupported irVersion ${JSON.stringify(version)}`, {
          file,
          pointer: '/irVersion',
          expected: `one of ${SUPPORTED_VERSIONS.map((v) => JSON.stringify(v)).join(', ')}`,
          found: JSON.stringify(version),
          fix: `set "irVersion": "${IR_VERSION}" and follow docs/spec-format.md`,
        }),
      ],
    };
  }
  let cur: Doc = structuredClone(doc);
  const diagnostics: Diagnostic[] = [];
  for (;;) {
    const step = STEPS.find((s) => s.from === cur.irVersion);
    if (!step) break;
    const notes: string[] = [];
    cur = step.apply(cur, notes);
    cur.irVersion = step.to;
    diagnostics.push({
      code: Codes.upgraded,
      severity: 'note',
      message: `upgraded irVersion ${step.from} -> ${step.to}${notes.length ? ': ' + notes.join('; ') : ''}`,
      file,
      pointer: '/irVersion',
    });
  }
  return { doc: cur, diagnostics };
}
