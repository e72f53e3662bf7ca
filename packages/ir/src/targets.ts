import fs from 'node:fs';
import path from 'node:path';
import { describeReadError, diag, hasErrors, LIMITS, pointerGet, readInputText, withinLimit, type Diagnostic, type ResourceLimit } from '@snnc/common';
import { Codes } from './codes.js';
import { parseJsonText } from './json-text.js';
import { targetsDir } from './paths.js';
import { validateSchema } from './schema-validate.js';
import type { Target } from './target.js';
import { upgradeTarget } from './upgrade.js';

/**
 * Targets by name (targets/<name>.json in the repository, found relative to this package, not
 * the working directory) or by file path. Every target is validated against
 * schemas/target.schema.json and checked for consistency before use.
 */
export function listTargets(): string[] {
  try {
    return fs
      .readdirSync(targetsDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes(path.sep) || s.endsWith('.json');
}

/**
 * The file a target given by name or path is read from: an input of the command that names it, so
 * an output must not replace it (`-o targets/test-tiny.json` beside `--target test-tiny` wrote a
 * chip image or a placement over the repository's target file).
 */
export function targetFile(nameOrPath: string): string {
  return looksLikePath(nameOrPath) ? nameOrPath : path.join(targetsDir(), `${nameOrPath}.json`);
}

export function loadTarget(nameOrPath: string): { target?: Target; diagnostics: Diagnostic[] } {
  const byName = !looksLikePath(nameOrPath);
  const file = targetFile(nameOrPath);
  // Report a named target by its repository-relative path, never an absolute one.
  const shown = byName ? `targets/${nameOrPath}.json` : nameOrPath;
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    const known = listTargets();
    return {
      diagnostics: [
        diag(Codes.unknownTarget, byName ? `unknown target "${nameOrPath}"` : `cannot read the target file: it ${describeReadError(e)}`, {
          file: shown,
          pointer: '',
          expected: byName ? `one of ${known.join(', ')} or a path to a target .json file` : 'a readable target JSON file',
          found: JSON.stringify(nameOrPath),
        }),
      ],
    };
  }
  const parsed = parseJsonText(text, shown);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  return validateTarget(parsed.value, shown);
}

/**
 * The whole chip grid in tiles (chipsX x chipsY x meshX x meshY) against LIMITS.systemTiles, the
 * chip image's cap: a target of 1000 x 1000 chips passed here and was refused only by the image
 * validator after mapping (SNNC4190, "a compiler bug"). Located at /system/chipsY with the most
 * rows that fit beside chipsX (or at /system/chipsX when one row of chipsX chips is already too many).
 */
function gridTooLarge(t: Target, file?: string): Diagnostic | undefined {
  const tilesPerChip = t.chip.meshX * t.chip.meshY;
  const { chipsX, chipsY, maxChips } = t.system;
  const tiles = chipsX * chipsY * tilesPerChip;
  if (tiles <= LIMITS.systemTiles) return undefined;
  const chipsFit = Math.floor(LIMITS.systemTiles / tilesPerChip);
  const rowsFit = Math.floor(chipsFit / chipsX);
  const byRows = rowsFit >= 1 && rowsFit * chipsX >= maxChips;
  return diag(Codes.targetTooLarge, `the chip grid (${chipsX} x ${chipsY} chips of ${t.chip.meshX} x ${t.chip.meshY} tiles) is beyond what a chip image addresses`, {
    file,
    pointer: byRows ? '/system/chipsY' : '/system/chipsX',
    expected: withinLimit('systemTiles', 'tiles (chipsX x chipsY x meshX x meshY)'),
    found: `${tiles} tiles`,
    fix: byRows
      ? `chipsY <= ${rowsFit} (with chipsX = ${chipsX}, ${chipsX * rowsFit} chips >= maxChips = ${maxChips})`
      : `a grid of at most ${chipsFit} chips of ${tilesPerChip} tiles (chipsX x chipsY <= ${chipsFit}), and maxChips no more than it`,
  });
}

/** Width of the contract's decay constants (docs/semantics.md §1, §3.3). */
const DECAY_BITS = 12;

/**
 * Schema + consistency checks of a parsed target document, after upgrading an older targetVersion
 * (upgrade.ts; its notes are returned with the diagnostics).
 */
export function validateTarget(doc: unknown, file?: string): { target?: Target; diagnostics: Diagnostic[] } {
  const up = upgradeTarget(doc, file);
  if (hasErrors(up.diagnostics)) return { diagnostics: up.diagnostics };
  const diagnostics = [...up.diagnostics, ...validateSchema('target', up.doc, file)];
  if (hasErrors(diagnostics)) return { diagnostics };
  const t = up.doc as Target;
  const bad = (pointer: string, message: string, expected: string, found: string) =>
    diagnostics.push(diag(Codes.targetInconsistent, message, { file, pointer, expected, found }));
  // sizes first: the mapper and the emulator allocate per core and per tile of the system
  const limit = (pointer: string, value: number, name: ResourceLimit, what: string) => {
    if (value > LIMITS[name]) diagnostics.push(diag(Codes.targetTooLarge, `${what} is beyond what snnc handles`, { file, pointer, expected: withinLimit(name), found: String(value) }));
  };
  limit('/chip/meshX', t.chip.meshX, 'meshSide', 'the chip mesh');
  limit('/chip/meshY', t.chip.meshY, 'meshSide', 'the chip mesh');
  limit('/chip/coresPerTile', t.chip.coresPerTile, 'coresPerTile', 'cores per tile');
  limit('/system/chipsX', t.system.chipsX, 'chipGridSide', 'the chip grid');
  limit('/system/chipsY', t.system.chipsY, 'chipGridSide', 'the chip grid');
  limit('/core/maxCompartments', t.core.maxCompartments, 'coreCompartments', 'compartments per core');
  limit('/core/maxCompartmentConfigs', t.core.maxCompartmentConfigs ?? 0, 'coreCompartments', 'compartment configurations per core');
  limit('/core/maxInputAxons', t.core.maxInputAxons, 'coreAxons', 'input axons per core');
  limit('/core/maxOutputAxons', t.core.maxOutputAxons, 'coreAxons', 'output axons per core');
  limit('/core/synapseMemoryBits', t.core.synapseMemoryBits, 'coreBits', 'synapse memory per core');
  limit('/core/synapseWordBits', t.core.synapseWordBits, 'coreBits', 'the synapse word');
  limit('/core/learningStateBits', t.core.learningStateBits, 'coreBits', 'learning state per core');
  for (const k of ['indexBits', 'delayBits', 'tagBits'] as const) limit(`/synapseEncoding/${k}`, t.synapseEncoding[k], 'encodingBits', 'a synapse field');
  limit('/synapseEncoding/axonBlockOverheadBits', t.synapseEncoding.axonBlockOverheadBits, 'axonBlockBits', 'the axon block overhead');
  limit('/formats/maxDelay', t.formats.maxDelay, 'maxDelay', 'the delay line');
  limit('/learning/maxEpochSteps', t.learning.maxEpochSteps, 'sampleSteps', 'the hardware learning epoch');
  if (hasErrors(diagnostics)) return { diagnostics };
  limit('/system/maxChips', t.system.maxChips * t.chip.meshX * t.chip.meshY * t.chip.coresPerTile, 'systemCores', 'the system (maxChips x cores per chip)');
  if (hasErrors(diagnostics)) return { diagnostics };
  const grid = gridTooLarge(t, file);
  if (grid) return { diagnostics: [...diagnostics, grid] };
  const cores = t.chip.meshX * t.chip.meshY * t.chip.coresPerTile;
  if (t.chip.cores !== cores) bad('/chip/cores', 'cores must equal meshX * meshY * coresPerTile', String(cores), String(t.chip.cores));
  if (t.system.chipsX * t.system.chipsY < t.system.maxChips) {
    bad('/system/maxChips', 'maxChips exceeds the chipsX x chipsY grid', `<= ${t.system.chipsX * t.system.chipsY}`, String(t.system.maxChips));
  }
  if (t.formats.weightExpMin > t.formats.weightExpMax) {
    bad('/formats/weightExpMin', 'weightExpMin must not exceed weightExpMax', `<= ${t.formats.weightExpMax}`, String(t.formats.weightExpMin));
  }
  // a mixed-sign mantissa gives one of the weight bits to the sign: never wider than the field
  if (t.formats.mixedSignWeightBits !== undefined && t.formats.mixedSignWeightBits > t.formats.maxWeightBits) {
    bad('/formats/mixedSignWeightBits', 'mixedSignWeightBits must not exceed maxWeightBits', `<= ${t.formats.maxWeightBits}`, String(t.formats.mixedSignWeightBits));
  }
  // the integer contract's decays are 12-bit (docs/semantics.md §1: decay(x, d), d in 0..4096):
  // a target whose decay constants are narrower or wider cannot run the lowered network as written
  if (t.formats.decayBits !== DECAY_BITS) {
    bad('/formats/decayBits', 'the integer contract uses 12-bit decay constants (docs/semantics.md §1)', String(DECAY_BITS), String(t.formats.decayBits));
  }
  // the tag the learning engine keeps per plastic synapse is the one the synapse encoding stores
  if (t.learning.supported && t.learning.tagBits !== t.synapseEncoding.tagBits) {
    bad('/learning/tagBits', 'the learning engine\'s tag must be the tag stored with each plastic synapse', `synapseEncoding.tagBits = ${t.synapseEncoding.tagBits}`, String(t.learning.tagBits));
  }
  // the learning epoch (§5: teaching signal, modulatory blocks) runs on a management core
  if (t.learning.supported && t.chip.managementCores < 1) {
    bad('/chip/managementCores', 'on-chip learning needs a management core to run the learning epoch (§5)', '>= 1', String(t.chip.managementCores));
  }
  for (const ptr of [...Object.keys(t.sources), ...t.unverified]) {
    if (pointerGet(t, ptr) === undefined) bad(ptr, `"${ptr}" in sources/unverified does not point into the target`, 'a JSON Pointer to a value of this file', ptr);
  }
  return hasErrors(diagnostics) ? { diagnostics } : { target: t, diagnostics };
}
