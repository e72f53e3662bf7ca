/**
 * Reading loosely typed option bags (they come from CLI flags and JSON specs) into numbers with
 * range checks. Problems become diagnostics pointing at the option; the default is used so the
 * caller can report every problem at once instead of stopping at the first.
 */
import { diag, pointerJoin, warning, type Diagnostic } from '@snnc/common';

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  default: number;
}

export class OptionReader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly used = new Set<string>();

  constructor(
    private readonly options: Readonly<Record<string, unknown>>,
    private readonly badCode: string,
    private readonly unknownCode: string,
    private readonly what: string,
  ) {}

  number(key: string, rule: NumberRule): number {
    this.used.add(key);
    const v = this.options[key];
    if (v === undefined) return rule.default;
    const kind = rule.integer ? 'an integer' : 'a number';
    const ok = typeof v === 'number' && Number.isFinite(v) && (!rule.integer || Number.isInteger(v)) && v >= rule.min && v <= rule.max;
    if (!ok) {
      this.diagnostics.push(
        diag(this.badCode, `${this.what} option "${key}" is out of range`, {
          pointer: pointerJoin('', key),
          expected: `${kind} in [${rule.min}, ${rule.max}]`,
          found: typeof v === 'number' ? String(v) : JSON.stringify(v) ?? typeof v,
        }),
      );
      return rule.default;
    }
    return v as number;
  }

  /** Seeds are 32-bit unsigned integers (what Rng keeps). */
  seed(key = 'seed'): number {
    return this.number(key, { min: 0, max: 0xffffffff, integer: true, default: 0 });
  }

  /** Mark keys as understood without reading them (e.g. options meant for a sibling component). */
  accept(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Warn about every key that was never read: usually a typo, which would otherwise be silent. */
  finish(): Diagnostic[] {
    for (const key of Object.keys(this.options).sort()) {
      if (this.used.has(key) || this.options[key] === undefined) continue;
      this.diagnostics.push(
        warning(this.unknownCode, `${this.what} ignores option "${key}"`, {
          pointer: pointerJoin('', key),
          expected: `one of ${[...this.used].sort().join(', ') || '(none)'}`,
        }),
      );
    }
    return this.diagnostics;
  }
}
