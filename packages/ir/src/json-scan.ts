import { pointerJoin } from '@snnc/common';

/**
 * One iterative pass over JSON text for what JSON.parse does not report: nesting deeper than a
 * limit (100,000 brackets would overflow every recursive pass after the parser, and the syntax
 * locator when the text is also invalid) and a key repeated within one object (JSON.parse keeps
 * the last one silently). No recursion, so no input can overflow the stack. On invalid JSON only
 * the depth finding is meaningful: the caller reports a duplicate only when JSON.parse succeeded.
 */
export interface ScanFinding {
  kind: 'depth' | 'duplicate' | 'overflow';
  /** character offset of the bracket that went too deep, or of the repeated key */
  pos: number;
  /** JSON Pointer of the value there */
  pointer: string;
  /** for 'duplicate': the key; for 'overflow': the number as written */
  key?: string;
}

interface Frame {
  object: boolean;
  /** object: keys seen so far; array: unused */
  keys: Set<string> | null;
  /** the key or index of the value being read in this frame */
  at: string | number;
  /** object: the next string is a key */
  expectKey: boolean;
}

export function scanJson(text: string, maxDepth: number): { depth?: ScanFinding; duplicate?: ScanFinding; overflow?: ScanFinding } {
  let duplicate: ScanFinding | undefined;
  // a number beyond a double's range (1e999): JSON.parse reads it as Infinity, written back as null
  let overflow: ScanFinding | undefined;
  const stack: Frame[] = [];
  // the pointer of the value being read: every open frame's current key or index
  const pointer = () => pointerJoin('', ...stack.map((f) => f.at));
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top && top.object && top.expectKey) {
        const raw = text.slice(start, i + 1);
        let key: string;
        try {
          key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        } catch {
          key = raw.slice(1, -1);
        }
        top.expectKey = false;
        top.at = key;
        if (top.keys!.has(key)) duplicate ??= { kind: 'duplicate', pos: start, pointer: pointer(), key };
        else top.keys!.add(key);
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { depth: { kind: 'depth', pos: i, pointer: pointer() }, ...(duplicate ? { duplicate } : {}) };
      const object = c === 0x7b;
      stack.push({ object, keys: object ? new Set() : null, at: object ? '' : 0, expectKey: object });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      let exponent = false;
      for (; i + 1 < n; i++) {
        const d = text.charCodeAt(i + 1);
        if (d === 0x65 || d === 0x45) exponent = true;
        else if (!(d === 0x2b || d === 0x2d || d === 0x2e || (d >= 0x30 && d <= 0x39))) break;
      }
      // only an exponent or more than 308 digits can leave the double range
      if (!overflow && (exponent || i - start > 300) && !Number.isFinite(Number(text.slice(start, i + 1)))) {
        overflow = { kind: 'overflow', pos: start, pointer: pointer(), key: text.slice(start, Math.min(i + 1, start + 40)) };
      }
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.object) top.expectKey = true;
        else top.at = (top.at as number) + 1;
      }
    }
  }
  return { ...(duplicate ? { duplicate } : {}), ...(overflow ? { overflow } : {}) };
}
