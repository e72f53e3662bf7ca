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

/** 1.1: `learning.traceBits` removed (read by nothing; upgrade.ts upgrades 1.0 documents). */
export const TARGET_VERSION = '1.1';

export type Target = TargetDocument;

/** Where a physical core sits (docs/mapper.md: id = chip * coresPerChip + tile * coresPerTile + coreInTile). */
export interface CoreLocation {
  /** global core id = chip * coresPerChip + tile * coresPerTile + coreInTile */
  id: number;
  chip: number;
  /** tile coordinates within the chip's mesh (tile = y * meshX + x) */
  x: number;
  y: number;
  coreInTile: number;
}

/** The mesh geometry coreLocation needs (a Target's `chip` section has it). */
export type MeshGeometry = Pick<Target['chip'], 'meshX' | 'meshY' | 'coresPerTile'>;

/** Physical core id -> location: the one definition the mapper, the code generator and verify use. */
export function coreLocation(chip: MeshGeometry, id: number): CoreLocation {
  const per = chip.meshX * chip.meshY * chip.coresPerTile;
  const c = Math.floor(id / per);
  const inChip = id - c * per;
  const tile = Math.floor(inChip / chip.coresPerTile);
  return { id, chip: c, x: tile % chip.meshX, y: Math.floor(tile / chip.meshX), coreInTile: inChip - tile * chip.coresPerTile };
}

/** Location -> physical core id: the inverse of coreLocation (positional, so hot loops allocate nothing). */
export function coreId(chip: MeshGeometry, chipIndex: number, x: number, y: number, coreInTile: number): number {
  return (chipIndex * chip.meshY * chip.meshX + y * chip.meshX + x) * chip.coresPerTile + coreInTile;
}
