import { describeReadError, diag, hasErrors, readInputText, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import type { SynapseEstimate } from './check-common.js';
import { checkGraph, graphSynapseEstimate } from './check-graph.js';
import { checkSrsnn, srsnnSynapseEstimate } from './check-srsnn.js';
import { checkSpecSize } from './check-size.js';
import type { NetworkSpec } from './generated/spec.js';
import { parseJsonText } from './json-text.js';
import { validateSchema } from './schema-validate.js';
import { upgradeSpec } from './upgrade.js';

export interface SpecResult {
  /** present when there is no error (warnings and notes may remain in `diagnostics`) */
  spec?: NetworkSpec;
  diagnostics: Diagnostic[];
}

/**
 * A parsed document -> a valid spec: upgrade an older irVersion, validate against
 * schemas/spec.schema.json (all errors), then the semantic checks. Semantic checks run only on a
 * schema-valid document, so they can trust its shape; they never throw. Never mutates `doc`.
 */
export function validateSpec(doc: unknown, file?: string): SpecResult {
  try {
    const up = upgradeSpec(doc, file);
    const diagnostics = [...up.diagnostics];
    if (hasErrors(diagnostics)) return { diagnostics };
    const schemaErrors = validateSchema('spec', up.doc, file);
    diagnostics.push(...schemaErrors);
    if (hasErrors(schemaErrors)) return { diagnostics };
    const spec = up.doc as NetworkSpec;
    const size = checkSpecSize(spec, file);
    diagnostics.push(...size);
    if (hasErrors(size)) return { diagnostics };
    diagnostics.push(...(spec.kind === 'srsnn' ? checkSrsnn(spec, file) : checkGraph(spec, file)));
    return hasErrors(diagnostics) ? { diagnostics } : { spec, diagnostics };
  } catch (e) {
    // A validator must answer with diagnostics; reaching here is a bug in a check, said plainly.
    return { diagnostics: [diag(Codes.schemaOther, `internal error while validating: ${(e as Error).message}`, { file, pointer: '' })] };
  }
}

/**
 * The synapses a valid spec expands to (expected, for random connectivity), by the field that
 * scales each share: what expansion will allocate, known before it runs.
 */
export function specSynapseEstimate(spec: NetworkSpec): SynapseEstimate {
  return spec.kind === 'srsnn' ? srsnnSynapseEstimate(spec) : graphSynapseEstimate(spec);
}

/** JSON text -> valid spec. */
export function parseSpec(text: string, file?: string): SpecResult {
  const parsed = parseJsonText(text, file);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  return validateSpec(parsed.value, file);
}

/** Reads and validates a spec file; `file` is reported as given (never made absolute). */
export function loadSpecFile(file: string): SpecResult {
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostics: [
        diag(Codes.fileUnreadable, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a spec file' : `the file ${describeReadError(e)}`, {
          file,
          pointer: '',
          expected: 'a readable JSON spec file',
        }),
      ],
    };
  }
  return parseSpec(text, file);
}
