import { coreLocation, type Target } from '@snnc/ir';
import type { CoreLocation } from './placement.js';

/**
 * The physical system as one grid of tiles: chip c sits at chip-grid position
 * (c mod chipsX, floor(c / chipsX)) and its tile (x, y) at global tile coordinates
 * (cx * meshX + x, cy * meshY + y). Spikes are routed dimension-order (X first, then Y) over that
 * grid; a step between tiles of different chips is an inter-chip crossing. The host port is an
 * extra node joined by one link to tile (0, 0) of chip 0 (docs/mapper.md §4).
 *
 * Physical core id = chip * coresPerChip + (y * meshX + x) * coresPerTile + coreInTile (ir's coreLocation
 * and coreId; gx and gy below split the id the same way, inline, for the metric loops).
 */
export class Mesh {
  readonly meshX: number;
  readonly meshY: number;
  readonly coresPerTile: number;
  readonly chipsX: number;
  readonly chipsY: number;
  readonly coresPerChip: number;
  /** chips that may be used: min(maxChips, chipsX * chipsY) */
  readonly chipsAvailable: number;
  /** global tile grid */
  readonly gridX: number;
  readonly gridY: number;

  constructor(target: Target) {
    const { chip, system } = target;
    this.meshX = chip.meshX;
    this.meshY = chip.meshY;
    this.coresPerTile = chip.coresPerTile;
    this.chipsX = system.chipsX;
    this.chipsY = system.chipsY;
    this.coresPerChip = chip.meshX * chip.meshY * chip.coresPerTile;
    this.chipsAvailable = Math.min(system.maxChips, system.chipsX * system.chipsY);
    this.gridX = this.chipsX * this.meshX;
    this.gridY = this.chipsY * this.meshY;
  }

  get coresAvailable(): number {
    return this.chipsAvailable * this.coresPerChip;
  }

  location(phys: number): CoreLocation {
    return coreLocation(this, phys);
  }

  /** global tile coordinates of a physical core */
  gx(phys: number): number {
    const chip = Math.floor(phys / this.coresPerChip);
    const tile = Math.floor((phys - chip * this.coresPerChip) / this.coresPerTile);
    return (chip % this.chipsX) * this.meshX + (tile % this.meshX);
  }

  gy(phys: number): number {
    const chip = Math.floor(phys / this.coresPerChip);
    const tile = Math.floor((phys - chip * this.coresPerChip) / this.coresPerTile);
    return Math.floor(chip / this.chipsX) * this.meshY + Math.floor(tile / this.meshX);
  }

  /** tile hops between two physical cores on an X-then-Y route (0 on one tile): hopTraffic's distance */
  tileHops(a: number, b: number): number {
    return Math.abs(this.gx(a) - this.gx(b)) + Math.abs(this.gy(a) - this.gy(b));
  }

  chipOfTile(gx: number, gy: number): number {
    return Math.floor(gy / this.meshY) * this.chipsX + Math.floor(gx / this.meshX);
  }

  /** chip boundaries crossed by an X-then-Y route between two tiles */
  crossings(gx1: number, gy1: number, gx2: number, gy2: number): number {
    return Math.abs(Math.floor(gx1 / this.meshX) - Math.floor(gx2 / this.meshX)) + Math.abs(Math.floor(gy1 / this.meshY) - Math.floor(gy2 / this.meshY));
  }
}

/** Directed mesh links: 4 per tile (east, west, north = +y, south = -y), indexed 4 * (gy * gridX + gx) + dir. */
export const EAST = 0, WEST = 1, NORTH = 2, SOUTH = 3;

/** Adds `w` to every link of the X-then-Y route from tile (x1, y1) to tile (x2, y2). */
export function routeXY(mesh: Mesh, load: Float64Array, x1: number, y1: number, x2: number, y2: number, w: number): void {
  const gridX = mesh.gridX;
  let x = x1;
  while (x !== x2) {
    if (x < x2) { load[4 * (y1 * gridX + x) + EAST] += w; x++; }
    else { load[4 * (y1 * gridX + x) + WEST] += w; x--; }
  }
  let y = y1;
  while (y !== y2) {
    if (y < y2) { load[4 * (y * gridX + x2) + NORTH] += w; y++; }
    else { load[4 * (y * gridX + x2) + SOUTH] += w; y--; }
  }
}

/**
 * A generalised Hilbert curve over a w x h rectangle (any sizes): every cell exactly once, each
 * step to an edge neighbour (except possibly one diagonal step when both sides are odd). Used to
 * lay blocks out so that neighbours in a locality order stay close on the mesh.
 */
export function hilbertOrder(w: number, h: number): Int32Array {
  const out = new Int32Array(w * h);
  let n = 0;
  const emit = (x: number, y: number) => { out[n++] = y * w + x; };
  const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
  const rec = (x: number, y: number, ax: number, ay: number, bx: number, by: number): void => {
    const wd = Math.abs(ax + ay);
    const ht = Math.abs(bx + by);
    const dax = sgn(ax), day = sgn(ay), dbx = sgn(bx), dby = sgn(by);
    if (ht === 1) { for (let i = 0; i < wd; i++) { emit(x, y); x += dax; y += day; } return; }
    if (wd === 1) { for (let i = 0; i < ht; i++) { emit(x, y); x += dbx; y += dby; } return; }
    let ax2 = Math.floor(ax / 2), ay2 = Math.floor(ay / 2);
    let bx2 = Math.floor(bx / 2), by2 = Math.floor(by / 2);
    const w2 = Math.abs(ax2 + ay2);
    const h2 = Math.abs(bx2 + by2);
    if (2 * wd > 3 * ht) {
      // Long and thin: split along the long side only (keep halves of even length when possible).
      if (w2 % 2 !== 0 && wd > 2) { ax2 += dax; ay2 += day; }
      rec(x, y, ax2, ay2, bx, by);
      rec(x + ax2, y + ay2, ax - ax2, ay - ay2, bx, by);
    } else {
      if (h2 % 2 !== 0 && ht > 2) { bx2 += dbx; by2 += dby; }
      rec(x, y, bx2, by2, ax2, ay2);
      rec(x + bx2, y + by2, ax, ay, bx - bx2, by - by2);
      rec(x + (ax - dax) + (bx2 - dbx), y + (ay - day) + (by2 - dby), -bx2, -by2, -(ax - ax2), -(ay - ay2));
    }
  };
  if (w > 0 && h > 0) {
    if (w >= h) rec(0, 0, w, 0, 0, h);
    else rec(0, 0, 0, h, w, 0);
  }
  return out;
}
