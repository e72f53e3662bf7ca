/**
 * A hardware target (targets/*.json, schema schemas/target.schema.json). Every number a mapper,
 * code generator or emulator needs about the chip is data here, never a constant in code.
 * Values from ../shared/LOIHI.md carry their source in `sources`; unconfirmed ones are listed in
 * `unverified` (JSON Pointers into the target file).
 *
 * The schema is the single source of truth: the type is the one generated from it
 * (packages/ir/src/generated/target.ts, `npm run gen:types`), never a second hand-written copy.
 */
import type { TargetDocument } from './generated/target.js';

export const TARGET_VERSION = '1.0';

export type Target = TargetDocument;
