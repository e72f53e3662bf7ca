/**
 * Core-utilisation maps: one grid per chip, tiles laid out by mesh coordinate (tile (0, 0) at
 * the top left), each tile split into its cores. Colour is utilisation in [0, 1]; every core has
 * a <title> tooltip, and cores that hold nothing are drawn empty so free capacity is visible.
 */
import { colorAt, MISSING_COLOR, type ColorScaleName } from './color.js';
import { escapeHtml, formatPercent } from './format.js';
import { attrs, colorBar, svgDocument, text, textWidth } from './svg.js';

export interface MeshCore {
  /** Tile coordinate in the chip's mesh. */
  x: number;
  y: number;
  coreInTile: number;
  /** Utilisation in [0, 1] (values outside are clamped; NaN is drawn as missing). */
  value: number;
  label?: string;
}

export interface MeshChip {
  chip: number;
  tilesX: number;
  tilesY: number;
  coresPerTile: number;
  cores: readonly MeshCore[];
  /** The chip's position in the system's chip grid, when known: chips are then drawn in it. */
  gridX?: number;
  gridY?: number;
}

export interface MeshMapSpec {
  title: string;
  chips: readonly MeshChip[];
  colorScale?: ColorScaleName;
  /** Chips per row of the figure before wrapping (default 4). */
  chipsPerRow?: number;
}

const CELL = 12;
const TILE_GAP = 3;
const CHIP_GAP = 36;
/** Meshes larger than this per side are clipped: no Loihi-class chip comes close. */
const MAX_TILES = 64;
/** Chip-grid columns drawn as a grid; wider systems wrap in chip order instead. */
const MAX_GRID_COLUMNS = 8;

/**
 * Where each chip is drawn: (column, row) of the figure. With grid positions, the used chips'
 * distinct grid columns and rows in order (unused ones left out), so chips that are neighbours on
 * the system's mesh are neighbours in the figure, above and beside each other; else rows of
 * `perRow` in the given order.
 */
function chipCells(chips: readonly MeshChip[], perRow: number): [number, number][] {
  const inGrid = chips.length > 0 && chips.every((c) => Number.isInteger(c.gridX) && Number.isInteger(c.gridY));
  const columns = inGrid ? [...new Set(chips.map((c) => c.gridX!))].sort((a, b) => a - b) : [];
  if (!inGrid || columns.length > MAX_GRID_COLUMNS) return chips.map((_, k) => [k % perRow, Math.floor(k / perRow)]);
  const rows = [...new Set(chips.map((c) => c.gridY!))].sort((a, b) => a - b);
  return chips.map((c) => [columns.indexOf(c.gridX!), rows.indexOf(c.gridY!)]);
}

interface ChipGeometry {
  tilesX: number;
  tilesY: number;
  /** cores per row inside a tile */
  perSide: number;
  coresPerTile: number;
  tileW: number;
  /** a tile is as tall as its rows of cores: 2 cores per tile are one row, not a 2 x 2 square half empty */
  tileH: number;
  width: number;
  height: number;
}

function geometry(c: MeshChip): ChipGeometry {
  const tilesX = clampInt(c.tilesX, 1, MAX_TILES);
  const tilesY = clampInt(c.tilesY, 1, MAX_TILES);
  const coresPerTile = clampInt(c.coresPerTile, 1, 64);
  const perSide = Math.ceil(Math.sqrt(coresPerTile));
  const tileW = perSide * CELL;
  const tileH = Math.ceil(coresPerTile / perSide) * CELL;
  return {
    tilesX,
    tilesY,
    perSide,
    coresPerTile,
    tileW,
    tileH,
    width: tilesX * (tileW + TILE_GAP) - TILE_GAP,
    height: tilesY * (tileH + TILE_GAP) - TILE_GAP,
  };
}

function inMesh(core: MeshCore, g: ChipGeometry): boolean {
  return (
    Number.isInteger(core.x) && core.x >= 0 && core.x < g.tilesX &&
    Number.isInteger(core.y) && core.y >= 0 && core.y < g.tilesY &&
    Number.isInteger(core.coreInTile) && core.coreInTile >= 0 && core.coreInTile < g.coresPerTile
  );
}

/** "chip 4 at (0, 1): 3/4 cores, mean 97%": the cores with a value and their mean utilisation. */
function chipCaption(chip: MeshChip, g: ChipGeometry): string {
  let used = 0;
  let sum = 0;
  let outside = 0;
  for (const core of chip.cores ?? []) {
    if (!inMesh(core, g)) outside++;
    else if (Number.isFinite(core.value)) {
      used++;
      sum += Math.max(0, Math.min(1, core.value));
    }
  }
  const at = Number.isInteger(chip.gridX) && Number.isInteger(chip.gridY) ? ` at (${chip.gridX}, ${chip.gridY})` : '';
  const mean = used > 0 ? formatPercent(sum / used) : 'n/a';
  return `chip ${chip.chip}${at}: ${used}/${g.tilesX * g.tilesY * g.coresPerTile} cores, mean ${mean}${outside > 0 ? ` (${outside} outside mesh ignored)` : ''}`;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.max(lo, Math.min(hi, Math.floor(v))) : lo;
}

export function meshMap(spec: MeshMapSpec): string {
  const chips = spec.chips ?? [];
  const scale: ColorScaleName = spec.colorScale ?? 'viridis';
  const perRow = Math.max(1, Math.floor(spec.chipsPerRow ?? 4));
  const geoms = chips.map(geometry);
  const captions = chips.map((chip, k) => chipCaption(chip, geoms[k]));
  const cellW = Math.max(160, ...geoms.map((g) => g.width), ...captions.map((c) => textWidth(c, 11)));
  const cellH = Math.max(40, ...geoms.map((g) => g.height)) + 40;
  const left = 24;
  const top = 48;
  const cells = chipCells(chips, perRow);
  const nRows = Math.max(1, ...cells.map(([, r]) => r + 1));
  const nColumns = Math.max(1, ...cells.map(([c]) => c + 1));
  const width = left + nColumns * (cellW + CHIP_GAP) + 90;
  const height = top + nRows * (cellH + CHIP_GAP) + 10;
  const body: string[] = [];
  if (chips.length === 0) body.push(text(left, top + 20, 'no chips', { fill: '#777777' }));

  chips.forEach((chip, k) => {
    const g = geoms[k];
    const ox = left + cells[k][0] * (cellW + CHIP_GAP);
    const oy = top + cells[k][1] * (cellH + CHIP_GAP) + 24;
    // Empty slots first, so occupied cores are drawn over them.
    for (let ty = 0; ty < g.tilesY; ty++) {
      for (let tx = 0; tx < g.tilesX; tx++) {
        const x = ox + tx * (g.tileW + TILE_GAP);
        const y = oy + ty * (g.tileH + TILE_GAP);
        body.push(`<rect${attrs({ x, y, width: g.tileW, height: g.tileH, fill: '#ffffff', stroke: '#bbbbbb' })}/>`);
      }
    }
    for (const core of chip.cores ?? []) {
      if (!inMesh(core, g)) continue;
      const v = core.value;
      const fill = Number.isNaN(v) || typeof v !== 'number' ? MISSING_COLOR : colorAt(scale, v);
      const x = ox + core.x * (g.tileW + TILE_GAP) + (core.coreInTile % g.perSide) * CELL;
      const y = oy + core.y * (g.tileH + TILE_GAP) + Math.floor(core.coreInTile / g.perSide) * CELL;
      const tip = `chip ${chip.chip} tile (${core.x}, ${core.y}) core ${core.coreInTile}${core.label ? `: ${core.label}` : ''} - ${formatPercent(v)}`;
      body.push(
        `<rect${attrs({ x: x + 0.5, y: y + 0.5, width: CELL - 1, height: CELL - 1, fill })}><title>${escapeHtml(tip)}</title></rect>`,
      );
    }
    body.push(text(ox, oy - 8, captions[k], { 'font-size': 11 }));
  });
  body.push(...colorBar(width - 76, top + 24, 160, scale, { min: 0, max: 1 }, (v) => formatPercent(v)));
  return svgDocument(width, height, spec.title, body);
}
