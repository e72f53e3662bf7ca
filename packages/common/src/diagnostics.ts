/**
 * Diagnostics as data. Every pass collects problems into a list and returns it; only the CLI
 * prints them and chooses exit codes. Codes are stable: SNNC1xxx spec/schema, SNNC2xxx semantic
 * (IR), SNNC3xxx resource/mapping, SNNC4xxx image/emulator, SNNC5xxx data/checkpoint, SNNC6xxx NIR.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** JSON Pointer (RFC 6901) into the offending document, '' for the root. */
  pointer?: string;
  /** The file the pointer refers to, as the user named it (never made absolute). */
  file?: string;
  /**
   * Byte offset of the problem in a binary file; binary formats have no JSON Pointer. For a
   * compressed file the message says whether it counts compressed or decompressed bytes.
   */
  offset?: number;
  /** What was expected and what was found, when the check can say. */
  expected?: string;
  found?: string;
  /** The smallest change that would fix the problem, when known. */
  fix?: string;
}

export function diag(
  code: string,
  message: string,
  extra: Partial<Omit<Diagnostic, 'code' | 'message'>> = {},
): Diagnostic {
  return { code, severity: 'error', message, ...extra };
}

export function warning(
  code: string,
  message: string,
  extra: Partial<Omit<Diagnostic, 'code' | 'message' | 'severity'>> = {},
): Diagnostic {
  return { code, severity: 'warning', message, ...extra };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** `file#/pointer: error CODE: message (expected ..., found ...) fix: ...`; `file@offset` for binary files. */
export function formatDiagnostic(d: Diagnostic): string {
  // an empty path given on the command line (validate '', --avoid '') names itself, as outputs do
  const file = d.file === undefined ? '<input>' : d.file === '' ? '<empty path>' : d.file;
  const where = d.offset !== undefined && d.pointer === undefined ? `${file}@${d.offset}` : `${file}#${fragmentOf(d.pointer ?? '')}`;
  let text = `${where}: ${d.severity} ${d.code}: ${d.message}`;
  if (d.expected !== undefined || d.found !== undefined) {
    const parts: string[] = [];
    if (d.expected !== undefined) parts.push(`expected ${d.expected}`);
    if (d.found !== undefined) parts.push(`found ${d.found}`);
    text += ` (${parts.join(', ')})`;
  }
  if (d.fix) text += `; fix: ${d.fix}`;
  return escapeControl(text);
}

/**
 * A JSON Pointer as printed after `file#`: space, `#` and `%` percent-encoded (RFC 6901 §6, the URI
 * fragment form), so that the location is one word however a key is spelled (`/a b` -> `/a%20b`).
 * Other characters stay as they are, for reading; the data (`--json`) keeps the pointer itself.
 */
export function fragmentOf(pointer: string): string {
  return pointer.replace(/[ #%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Control characters (C0 including newlines, DEL, C1) as `\uXXXX`: file contents quoted in a
 * message must not drive the terminal (ANSI escapes), hide text (NUL, CR) or split one
 * diagnostic into several lines.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Thrown only at API boundaries that cannot return a list (e.g. decoders); carries the data. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

/** JSON Pointer escaping per RFC 6901. */
export function pointerJoin(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function pointerGet(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const tok = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[tok];
  }
  return cur;
}
