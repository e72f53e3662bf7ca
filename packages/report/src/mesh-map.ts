/**
 * Core-utilisation maps: one grid per chip, tiles laid out by mesh coordinate (tile (0, 0) at
 * the top left), each tile split into its cores. Colour is utilisation in [0, 1]; every core has
 * a <title> tooltip, and cores that hold nothing are drawn empty so free capacity is visible.
 */
import { colorAt, MISSING_COLOR, type ColorScaleName } from './color.js';
import { escapeHtml, formatPercent } from './format.js';
import { attrs, colorBar, svgDocument, text } from './svg.js';

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

interface ChipGeometry {
  tilesX: number;
  tilesY: number;
  perSide: number;
  coresPerTile: number;
  tileSize: number;
  width: number;
  height: number;
}

function geometry(c: MeshChip): ChipGeometry {
  const tilesX = clampInt(c.tilesX, 1, MAX_TILES);
  const tilesY = clampInt(c.tilesY, 1, MAX_TILES);
  const coresPerTile = clampInt(c.coresPerTile, 1, 64);
  const perSide = Math.ceil(Math.sqrt(coresPerTile));
  const tileSize = perSide * CELL;
  return {
    tilesX,
    tilesY,
    perSide,
    coresPerTile,
    tileSize,
    width: tilesX * (tileSize + TILE_GAP) - TILE_GAP,
    height: tilesY * (tileSize + TILE_GAP) - TILE_GAP,
  };
}

function clampInt(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.max(lo, Math.min(hi, Math.floor(v))) : lo;
}

export function meshMap(spec: MeshMapSpec): string {
  const chips = spec.chips ?? [];
  const scale: ColorScaleName = spec.colorScale ?? 'viridis';
  const perRow = Math.max(1, Math.floor(spec.chipsPerRow ?? 4));
  const geoms = chips.map(geometry);
  const cellW = Math.max(160, ...geoms.map((g) => g.width));
  const cellH = Math.max(40, ...geoms.map((g) => g.height)) + 40;
  const left = 24;
  const top = 48;
  const nRows = Math.max(1, Math.ceil(chips.length / perRow));
  const width = left + Math.min(chips.length || 1, perRow) * (cellW + CHIP_GAP) + 90;
  const height = top + nRows * (cellH + CHIP_GAP) + 10;
  const body: string[] = [];
  if (chips.length === 0) body.push(text(left, top + 20, 'no chips', { fill: '#777777' }));

  chips.forEach((chip, k) => {
    const g = geoms[k];
    const ox = left + (k % perRow) * (cellW + CHIP_GAP);
    const oy = top + Math.floor(k / perRow) * (cellH + CHIP_GAP) + 24;
    // Empty slots first, so occupied cores are drawn over them.
    for (let ty = 0; ty < g.tilesY; ty++) {
      for (let tx = 0; tx < g.tilesX; tx++) {
        const x = ox + tx * (g.tileSize + TILE_GAP);
        const y = oy + ty * (g.tileSize + TILE_GAP);
        body.push(`<rect${attrs({ x, y, width: g.tileSize, height: g.tileSize, fill: '#ffffff', stroke: '#bbbbbb' })}/>`);
      }
    }
    let used = 0;
    let sum = 0;
    let outside = 0;
    for (const core of chip.cores ?? []) {
      const ok =
        Number.isInteger(core.x) && core.x >= 0 && core.x < g.tilesX &&
        Number.isInteger(core.y) && core.y >= 0 && core.y < g.tilesY &&
        Number.isInteger(core.coreInTile) && core.coreInTile >= 0 && core.coreInTile < g.coresPerTile;
      if (!ok) {
        outside++;
        continue;
      }
      const v = core.value;
      const fill = Number.isNaN(v) || typeof v !== 'number' ? MISSING_COLOR : colorAt(scale, v);
      if (Number.isFinite(v)) {
        used++;
        sum += Math.max(0, Math.min(1, v));
      }
      const x = ox + core.x * (g.tileSize + TILE_GAP) + (core.coreInTile % g.perSide) * CELL;
      const y = oy + core.y * (g.tileSize + TILE_GAP) + Math.floor(core.coreInTile / g.perSide) * CELL;
      const tip = `chip ${chip.chip} tile (${core.x}, ${core.y}) core ${core.coreInTile}${core.label ? `: ${core.label}` : ''} - ${formatPercent(v)}`;
      body.push(
        `<rect${attrs({ x: x + 0.5, y: y + 0.5, width: CELL - 1, height: CELL - 1, fill })}><title>${escapeHtml(tip)}</title></rect>`,
      );
    }
    const mean = used > 0 ? formatPercent(sum / used) : 'n/a';
    let caption = `chip ${chip.chip}: ${used}/${g.tilesX * g.tilesY * g.coresPerTile} cores, mean ${mean}`;
    if (outside > 0) caption += ` (${outside} outside mesh ignored)`;
    body.push(text(ox, oy - 8, caption, { 'font-size': 11 }));
  });
  body.push(...colorBar(width - 76, top + 24, 160, scale, { min: 0, max: 1 }, (v) => formatPercent(v)));
  return svgDocument(width, height, spec.title, body);
}
