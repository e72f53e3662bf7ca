/**
 * The network-on-chip model (docs/emulator.md, "Machine model"). The system is one grid of tiles:
 * chip c at chip-grid position (c mod chipsX, floor(c / chipsX)), its tile (x, y) at global
 * (cx * meshX + x, cy * meshY + y). A message travels dimension-order, X first then Y, one hop
 * per tile boundary; a hop between tiles of different chips is also an inter-chip crossing.
 * Directed links: 4 per tile (east, west, north = +y, south = -y), id 4 * (gy * gridX + gx) + dir,
 * plus one host link (id 4 * tiles) that every host message crosses before entering at the host
 * tile. Per step the NoC counts messages per link; contention is the largest such count.
 * Routes are fixed, so each source's links (with multiplicities) are walked once at load time
 * (delivery.ts) and a spike only adds them.
 */
import type { ChipImage } from '@snnc/image';

const EAST = 0, WEST = 1, NORTH = 2, SOUTH = 3;

export class Noc {
  readonly gridX: number;
  readonly meshX: number;
  readonly meshY: number;
  readonly hostX: number;
  readonly hostY: number;
  readonly hostLink: number;
  /** messages per link in the current step */
  readonly load: Int32Array;
  /** bits of a link id in a packed (link, messages) entry (add()); the count takes the other 31 - linkBits */
  linkBits: number;
  linkMask: number;
  private readonly touched: Int32Array;
  private nTouched = 0;
  /** the current step's largest link load */
  maxLoad = 0;
  // counts of the last route() call
  hopsEW = 0;
  hopsNS = 0;
  crossings = 0;

  constructor(image: Pick<ChipImage, 'mesh'>) {
    const m = image.mesh;
    this.meshX = m.meshX;
    this.meshY = m.meshY;
    this.gridX = m.meshX * m.chipsX;
    const tiles = this.gridX * m.meshY * m.chipsY;
    this.hostX = m.hostX;
    this.hostY = m.hostY;
    this.hostLink = 4 * tiles;
    this.load = new Int32Array(4 * tiles + 1);
    this.linkBits = Math.max(1, Math.ceil(Math.log2(4 * tiles + 1)));
    this.linkMask = 2 ** this.linkBits - 1;
    // 2^24 links is 4M tiles, far beyond any validated system; the count keeps at least 7 bits
    if (this.linkBits > 24) throw new Error(`mesh of ${tiles} tiles is too large for packed link entries`);
    this.touched = new Int32Array(4 * tiles + 1);
  }

  /**
   * Packed entries name links by ids below 2^bits (delivery.ts numbers the links its routes use,
   * in `load`'s first entries) instead of the mesh's link ids.
   */
  packLinks(bits: number): void {
    this.linkBits = bits;
    this.linkMask = 2 ** bits - 1;
  }

  /**
   * Walks one message hop by hop from tile (x1, y1) to tile (x2, y2), X then Y, appending every
   * directed link it crosses to `out`; sets hopsEW, hopsNS and crossings for this message.
   * `fromHost` crosses the host link first. Used at load time (delivery.ts), never per spike.
   */
  trace(x1: number, y1: number, x2: number, y2: number, fromHost: boolean, out: number[]): void {
    const gridX = this.gridX;
    const mx = this.meshX;
    const my = this.meshY;
    let ew = 0, ns = 0, cross = 0;
    if (fromHost) {
      out.push(this.hostLink);
      cross++;
    }
    let x = x1;
    while (x !== x2) {
      const nx = x < x2 ? x + 1 : x - 1;
      out.push(4 * (y1 * gridX + x) + (nx > x ? EAST : WEST));
      if (Math.floor(nx / mx) !== Math.floor(x / mx)) cross++;
      ew++;
      x = nx;
    }
    let y = y1;
    while (y !== y2) {
      const ny = y < y2 ? y + 1 : y - 1;
      out.push(4 * (y * gridX + x2) + (ny > y ? NORTH : SOUTH));
      if (Math.floor(ny / my) !== Math.floor(y / my)) cross++;
      ns++;
      y = ny;
    }
    this.hopsEW = ew;
    this.hopsNS = ns;
    this.crossings = cross;
  }

  /**
   * Adds the messages of entries lk[k0..k1) (one spiking source's routes, delivery.ts): each entry is
   * link | messages << linkBits, one Int32 instead of a pair (half the largest load-time table).
   */
  add(lk: Int32Array, k0: number, k1: number): void {
    const load = this.load, touched = this.touched;
    const mask = this.linkMask, bits = this.linkBits;
    let max = this.maxLoad, nt = this.nTouched;
    for (let k = k0; k < k1; k++) {
      const e = lk[k];
      const l = e & mask;
      const before = load[l];
      if (before === 0) touched[nt++] = l;
      const n = before + (e >>> bits);
      load[l] = n;
      if (n > max) max = n;
    }
    this.maxLoad = max;
    this.nTouched = nt;
  }

  /**
   * add() over 16-bit entries (delivery.ts picks them when they take fewer bytes; same decoding).
   * A second copy rather than one method over `Int32Array | Uint16Array`: each stays monomorphic for
   * the JIT on this per-spike path (as deliver.ts's two loops do).
   */
  add16(lk: Uint16Array, k0: number, k1: number): void {
    const load = this.load, touched = this.touched;
    const mask = this.linkMask, bits = this.linkBits;
    let max = this.maxLoad, nt = this.nTouched;
    for (let k = k0; k < k1; k++) {
      const e = lk[k];
      const l = e & mask;
      const before = load[l];
      if (before === 0) touched[nt++] = l;
      const n = before + (e >>> bits);
      load[l] = n;
      if (n > max) max = n;
    }
    this.maxLoad = max;
    this.nTouched = nt;
  }

  /** Clears the per-step link loads (only the links used this step). */
  endStep(): void {
    const load = this.load;
    const touched = this.touched;
    for (let i = 0; i < this.nTouched; i++) load[touched[i]] = 0;
    this.nTouched = 0;
    this.maxLoad = 0;
  }
}
