import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputRefused } from '../src/index.js';

/** The built package's entry, for child processes that import it (signals, other users). */
export const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.js');

/** The OutputRefused code `f` throws (undefined when it does not; "other: ..." for another error). */
export const refusal = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof OutputRefused ? e.code : `other: ${(e as Error).message}`;
  }
};
