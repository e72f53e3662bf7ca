import { containerFileOf, diag, LIMITS, pointerJoin, withinLimit, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { scanJson } from './json-scan.js';

/**
 * JSON text -> value, with syntax errors located by line, column and the JSON Pointer of the
 * value being read. The fast path is JSON.parse; only when it fails does the small scanner below
 * run, to say *where* (JSON.parse only gives a character offset, and not on every Node version).
 */
export function parseJsonText(text: string, file?: string): { value?: unknown; diagnostics: Diagnostic[] } {
  // A byte-order mark is not JSON but editors write one; accept it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // depth first (every later pass recurses), duplicates once the text is known to be JSON
  const scan = scanJson(text, LIMITS.jsonDepth);
  if (scan.depth) {
    const at = lineColumn(text, scan.depth.pos);
    return {
      diagnostics: [
        diag(Codes.tooDeep, `JSON nests deeper than ${LIMITS.jsonDepth} levels at line ${at.line}, column ${at.column}`, {
          file,
          pointer: scan.depth.pointer,
          expected: withinLimit('jsonDepth', 'levels of arrays and objects'),
          found: 'deeper nesting',
        }),
      ],
    };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (scan.duplicate) {
      const at = lineColumn(text, scan.duplicate.pos);
      const key = JSON.stringify(scan.duplicate.key);
      return {
        diagnostics: [
          diag(Codes.duplicateKey, `duplicate key ${key} at line ${at.line}, column ${at.column}: JSON would keep only the last one`, {
            file,
            pointer: scan.duplicate.pointer,
            expected: `key ${key} once in its object`,
            found: `${key} twice`,
            fix: 'remove or rename one of them',
          }),
        ],
      };
    }
    if (scan.overflow) {
      const at = lineColumn(text, scan.overflow.pos);
      return {
        diagnostics: [
          diag(Codes.numberOverflow, `number ${scan.overflow.key} at line ${at.line}, column ${at.column} is beyond the range of a double: it would read as Infinity`, {
            file,
            pointer: scan.overflow.pointer,
            expected: 'a finite number (magnitude below 1.8e308)',
            found: scan.overflow.key!,
            fix: 'write the value the field needs (a number within its range)',
          }),
        ],
      };
    }
    return { value, diagnostics: [] };
  } catch {
    // an snnc binary file given for a spec, target or placement: say what it is, not where its bytes stop being JSON
    const kind = containerFileOf(text);
    if (kind) {
      return {
        diagnostics: [
          diag(Codes.binaryNotJson, `this file is ${kind.what}, not JSON: ${kind.readBy} read it`, {
            file, pointer: '', expected: 'a JSON document', found: `${kind.what} (magic ${JSON.stringify(kind.magic)})`,
            fix: `give the JSON file here (a spec for compile, map and validate); pass ${kind.what} to ${kind.readBy}`,
          }),
        ],
      };
    }
    const err = locateSyntaxError(text);
    return {
      diagnostics: [
        diag(Codes.jsonSyntax, `JSON syntax error at line ${err.line}, column ${err.column}: ${err.message}`, {
          file,
          pointer: err.pointer,
          expected: err.expected,
          found: err.found,
        }),
      ],
    };
  }
}

export interface SyntaxErrorLocation {
  line: number; // 1-based
  column: number; // 1-based
  pointer: string;
  message: string;
  expected: string;
  found: string;
}

class Stop {
  constructor(
    readonly pos: number,
    readonly message: string,
    readonly expected: string,
  ) {}
}

/** Scans `text` as JSON and reports the first error (or a generic one if none is found). */
export function locateSyntaxError(text: string): SyntaxErrorLocation {
  const path: (string | number)[] = [];
  let pos = 0;

  const ws = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const fail = (message: string, expected: string): never => {
    throw new Stop(pos, message, expected);
  };
  const str = () => {
    if (text[pos] !== '"') fail('a string must start with a double quote', '"');
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string', '"');
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
            pos += 2;
            fail('bad \\u escape', '4 hexadecimal digits');
          }
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += e;
          pos += 2;
        } else {
          pos++;
          fail('bad escape in string', 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        fail('control character in string', 'an escaped character (e.g. \\n)');
      } else {
        out += c;
        pos++;
      }
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('bad number', 'a JSON number');
    pos += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[pos];
    if (c === undefined) fail('unexpected end of input', 'a value');
    if (c === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        if (text[pos] !== ':') fail(`missing ':' after key "${key}"`, "':'");
        pos++;
        path.push(key);
        value();
        path.pop();
        ws();
        if (text[pos] === ',') {
          pos++;
          ws();
          if (text[pos] === '}') fail('trailing comma in object', 'a key');
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        path.push(key);
        fail('missing comma or closing brace in object', "',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (let i = 0; ; i++) {
        path.push(i);
        value();
        path.pop();
        ws();
        if (text[pos] === ',') {
          pos++;
          ws();
          if (text[pos] === ']') fail('trailing comma in array', 'a value');
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        path.push(i);
        fail('missing comma or closing bracket in array', "',' or ']'");
      }
    }
    if (c === '"') {
      str();
      return;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      num();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return;
      }
    }
    fail('unexpected character', 'a value (object, array, string, number, true, false or null)');
  };

  try {
    value();
    ws();
    if (pos < text.length) fail('unexpected text after the JSON value', 'end of input');
    return { ...lineColumn(text, pos), pointer: '', message: 'invalid JSON', expected: 'valid JSON', found: 'text JSON.parse rejects' };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return {
      ...lineColumn(text, e.pos),
      pointer: pointerJoin('', ...path),
      message: e.message,
      expected: e.expected,
      found: describeAt(text, e.pos),
    };
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}

function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const snippet = text.slice(pos, pos + 12).split('\n')[0];
  return JSON.stringify(snippet);
}
