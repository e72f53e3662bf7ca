/**
 * Load-time delivery tables (docs/emulator.md, "Performance design"). The chip's own path for a
 * spike is source -> output routes -> destination core -> input axon -> axon blocks -> synapses;
 * the emulator must count every step of it exactly but need not *walk* it per spike. Everything
 * that depends only on the source is resolved here once, per source (compartments, then host
 * ports, as in Machine):
 *
 *  - runs: the source's static synapses, over all its routes, grouped by delay and weight scale
 *    (§2.2's shift and down) into contiguous (target, weight) lists. Static weights never change,
 *    so these are copies, 16-bit as in the image (validated weightBits <= 16) and scaled as they
 *    are added; the step loop adds a run with one tight loop. §2.3 makes the order of additions
 *    irrelevant.
 *  - plastic axons: the routed axons holding plastic blocks (their weights change and three-factor
 *    blocks record eligibility, §5.2), walked block by block from the live weights; also every
 *    axon with a delta rule, whose presynaptic count x_j (§5.7) counts messages.
 *  - charges: synaptic operations per destination core (all blocks), for the deliver phase.
 *  - NoC: per source the sum of hops / crossings / in-tile messages over its routes, its longest
 *    route latency, and every directed link with the number of its routes crossing it. A spike
 *    adds these; link loads, the step's largest load and all totals equal a hop-by-hop walk.
 *
 * The accumulator width follows from the image: if, for every compartment, the sum of
 * |weight| * 2^(6+exp) over every route reaching it (plastic weights at their bound) stays below
 * 2^31, one step's slot can never overflow and Int32 accumulators are exact; otherwise float64
 * (exact below 2^53, which image validation guarantees).
 */
import { KIND_STATIC, modeKind, modeShift, type Machine } from './machine.js';
import type { Noc } from './noc.js';

/**
 * Per-source record layout in `src` (one 64-byte line per source, so a spike touches one cache
 * line instead of a dozen arrays): sending core (-1 host), routes, in-tile messages, east-west and
 * north-south hops, chip crossings, longest latency (cycles), then [start, end) of its links (in
 * `lk`, one packed entry each), charges (in `ch`, one packed entry each), runs and plastic axons.
 */
export const SRC_STRIDE = 16;
export const S_CORE = 0, S_ROUTES = 1, S_INTILE = 2, S_EW = 3, S_NS = 4, S_CROSS = 5, S_LATENCY = 6;
export const S_LK0 = 7, S_LK1 = 8, S_CH0 = 9, S_CH1 = 10, S_RUN0 = 11, S_RUN1 = 12, S_PL0 = 13, S_PL1 = 14;

/** A run's key: delay d - 1 (< 2^12), then §2.2's shift - 6 (0..7) and down (0..6), 3 bits each (the block mode's low bits). */
export const RUN_DELAY = 6, RUN_SHIFT = 3;
export function runKey(delay1: number, mode: number): number {
  return (delay1 << RUN_DELAY) | (mode & 63);
}

/**
 * The part of the machine one share of cores owns (threads/, docs/emulator.md "Threads"): its
 * cores [c0, c1) and their compartments [g0, g1). Its tables hold only synapses, charges and plastic
 * axons of routes into its cores (every target is its own); the per-source message counts (routes,
 * hops, crossings, latency) only for sources it owns (its compartments, and host ports when
 * `hosts`); link loads only for links l with l % linkShares === linkShare. Without a scope, all.
 */
export interface DeliveryScope {
  c0: number;
  c1: number;
  g0: number;
  g1: number;
  hosts: boolean;
  linkShare: number;
  linkShares: number;
}

export function wholeScope(m: Machine): DeliveryScope {
  return { c0: 0, c1: m.nCores, g0: 0, g1: m.nComp, hosts: true, linkShare: 0, linkShares: 1 };
}

/**
 * A growable Int32 list for load-time tables whose size is known only once built: doubling
 * typed storage (4 bytes an entry; a JavaScript number[] would take 8 or more, issue 14 item 4),
 * trimmed to its length at the end.
 */
class IntList {
  a: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.a = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(2 * this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  /** the entries as an array of exactly their length (this list is not used afterwards) */
  done(): Int32Array {
    return this.n === this.a.length ? this.a : this.a.slice(0, this.n);
  }
}

export class Delivery {
  readonly nSrc: number;
  /** per-source records (SRC_STRIDE words each, layout above) */
  readonly src: Int32Array;
  /** per source, one entry per link its routes cross: compact link id | messages << noc.linkBits (Noc.add) */
  readonly lk: Int32Array;
  /** the same entries in 16 bits when that is smaller (one of lk, lk16 is empty; Noc.add16) */
  readonly lk16: Uint16Array;
  /** per source, one entry per destination core: core | synaptic operations << coreBits */
  readonly ch: Int32Array;
  readonly coreBits: number;
  readonly coreMask: number;
  /** true: Int32 accumulators and weights are exact for this image */
  readonly narrow: boolean;
  /** the largest per-compartment bound on one slot's |sum| */
  readonly bound: number;
  /** delay-line depth: the image's largest block delay (>= 1) */
  readonly depth: number;
  // runs (per source: [S_RUN0, S_RUN1) of its record)
  /** per run: (d - 1) << RUN_DELAY | (shift - 6) << RUN_SHIFT | down (runKey) */
  readonly runKey: Int32Array;
  readonly runSyn: Int32Array; // CSR into dTarget / dWeight, length nRuns + 1
  readonly dTarget: Int32Array;
  /** the image's weights: a run adds (w >> down) << shift (§2.2) */
  readonly dWeight: Int16Array;
  readonly maxRun: number;
  // plastic axons (per source: [S_PL0, S_PL1) of its record)
  readonly plAxon: Int32Array;

  /**
   * Only the tables the step loop reads are kept; everything else is built in typed lists of
   * their final size or trimmed once (load-time peak memory, docs/benchmarks.md "Emulation memory").
   */
  constructor(m: Machine, noc: Noc, cyc: { inTile: number; ew: number; ns: number; cross: number }, scope: DeliveryScope = wholeScope(m)) {
    const nSrc = (this.nSrc = m.nComp + m.nPorts);
    const { c0, c1, g0, g1 } = scope;
    const { srcRouteStart, routeAxon, srcCore, coreGx, coreGy, axonBlockStart, blkSynStart, blkDelay, blkMode } = m;
    // a route is this share's when its axon is: the axons of cores [c0, c1) are one range
    const ax0 = m.axonStart[c0], ax1 = m.axonStart[c1];
    const mine = (r: number) => routeAxon[r] >= ax0 && routeAxon[r] < ax1;
    let depth = 1;
    for (let b = 0; b < blkDelay.length; b++) depth = Math.max(depth, blkDelay[b] + 1);
    this.depth = depth;

    // ---- per-compartment accumulation bound (see header)
    const bound = new Float64Array(m.nComp);
    for (let r = 0; r < routeAxon.length; r++) {
      if (!mine(r)) continue;
      const ax = routeAxon[r];
      for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
        const rule = modeKind(blkMode[b]) === KIND_STATIC ? -1 : m.blkRule[b];
        const wmax = rule < 0 ? -1 : Math.max(-m.ruleLo[rule], m.ruleHi[rule]);
        const scale = 2 ** modeShift(blkMode[b]);
        for (let s = blkSynStart[b]; s < blkSynStart[b + 1]; s++) bound[m.synTarget[s]] += (wmax < 0 ? Math.abs(m.synW[s]) : wmax) * scale;
      }
    }
    let maxBound = 0;
    for (let g = g0; g < g1; g++) if (bound[g] > maxBound) maxBound = bound[g];
    this.bound = maxBound;
    // the Int32 update also adds biases as Int32: an image with a wider bias runs wide throughout
    this.narrow = maxBound <= 0x7fffffff && m.biasNarrow;

    // ---- runs, plastic axons, charges: one pass per source, routes in order
    const S = (this.src = new Int32Array(nSrc * SRC_STRIDE));
    const perCore = new Int32Array(m.nCores);
    const cores: number[] = []; // the destination cores of the current source, in first-route order
    /** adds src's synapses per destination core (of this share) into perCore, the cores into `cores`; returns its static synapses */
    const tally = (src: number): number => {
      let n = 0;
      cores.length = 0;
      for (let r = srcRouteStart[src]; r < srcRouteStart[src + 1]; r++) {
        if (!mine(r)) continue;
        const ax = routeAxon[r];
        const s0 = blkSynStart[axonBlockStart[ax]], s1 = blkSynStart[axonBlockStart[ax + 1]];
        if (s0 === s1) continue; // an axon without synapses charges nothing
        const c = m.coreOfAxon(ax);
        if (perCore[c] === 0) cores.push(c);
        perCore[c] += s1 - s0;
        for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) if (modeKind(blkMode[b]) === KIND_STATIC) n += blkSynStart[b + 1] - blkSynStart[b];
      }
      return n;
    };
    // charges: one packed entry core | operations << coreBits per (source, destination core)
    const coreBits = (this.coreBits = Math.max(1, Math.ceil(Math.log2(m.nCores))));
    this.coreMask = 2 ** coreBits - 1;
    const chCap = 2 ** (31 - coreBits) - 1;
    let nStatic = 0, nCh = 0;
    for (let src = 0; src < nSrc; src++) {
      nStatic += tally(src);
      for (const c of cores) {
        nCh += Math.ceil(perCore[c] / chCap);
        perCore[c] = 0;
      }
    }
    const runKeys = new IntList(1024), runSyn = new IntList(1024), plAxon = new IntList(16);
    runSyn.push(0);
    const ch = (this.ch = new Int32Array(nCh));
    let nc = 0;
    const dTarget = (this.dTarget = new Int32Array(nStatic));
    const dW = (this.dWeight = new Int16Array(nStatic));
    const keys = new Set<number>();
    let o = 0, maxRun = 0;
    for (let src = 0; src < nSrc; src++) {
      const r0 = srcRouteStart[src], r1 = srcRouteStart[src + 1];
      const so = src * SRC_STRIDE;
      S[so + S_RUN0] = runKeys.n;
      S[so + S_PL0] = plAxon.n;
      S[so + S_CH0] = nc;
      keys.clear();
      tally(src);
      for (let r = r0; r < r1; r++) {
        if (!mine(r)) continue;
        const ax = routeAxon[r];
        let plastic = m.hasDelta && m.axonHasDelta[ax] === 1;
        for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
          if (modeKind(blkMode[b]) === KIND_STATIC) keys.add(runKey(blkDelay[b], blkMode[b]));
          else plastic = true;
        }
        if (plastic) plAxon.push(ax);
      }
      // one run per distinct (delay, shift, down), ascending; synapses in route order within it
      for (const key of [...keys].sort((a, b) => a - b)) {
        const begin = o;
        for (let r = r0; r < r1; r++) {
          if (!mine(r)) continue;
          const ax = routeAxon[r];
          for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
            if (modeKind(blkMode[b]) !== KIND_STATIC || runKey(blkDelay[b], blkMode[b]) !== key) continue;
            for (let s = blkSynStart[b]; s < blkSynStart[b + 1]; s++, o++) {
              dTarget[o] = m.synTarget[s];
              dW[o] = m.synW[s];
            }
          }
        }
        runKeys.push(key);
        runSyn.push(o);
        maxRun = Math.max(maxRun, o - begin);
      }
      S[so + S_RUN1] = runKeys.n;
      S[so + S_PL1] = plAxon.n;
      for (const c of cores) {
        // a count above chCap (never at today's sizes) is split over entries of the same core
        for (let left = perCore[c]; left > 0; left -= chCap) ch[nc++] = c | (Math.min(left, chCap) << coreBits);
        perCore[c] = 0;
      }
      S[so + S_CH1] = nc;
    }
    this.runKey = runKeys.done();
    this.runSyn = runSyn.done();
    this.maxRun = maxRun;
    this.plAxon = plAxon.done();

    // ---- NoC aggregates: walk every route once, hop by hop, at load time. Two walks: the first
    // counts each source's lk entries, so that lk is allocated once at its exact size (a growing
    // list would hold up to three times its final size at once: the largest table at scale).
    const links: number[] = [];
    const mult = new Int32Array(noc.load.length);
    const distinct: number[] = [];
    const { linkShare, linkShares } = scope;
    // links get compact ids in first-use order (the loads of other links stay 0: which id a link
    // has changes no load and no maximum), so that an entry's link field needs only the bits of
    // the links this share's routes use, not of the whole system's mesh
    const compact = new Int32Array(noc.load.length).fill(-1);
    let nLinks = 0;
    /** (source, link) pairs by their message count */
    const hist: number[] = [];
    /** traces src's routes into `links`, returns its distinct links of this share (in `distinct`, counts in `mult`) */
    const walk = (src: number): void => {
      const sc = srcCore[src];
      const host = sc < 0;
      const sx = host ? noc.hostX : coreGx[sc], sy = host ? noc.hostY : coreGy[sc];
      links.length = 0;
      distinct.length = 0;
      for (let r = srcRouteStart[src]; r < srcRouteStart[src + 1]; r++) {
        const dc = m.coreOfAxon(routeAxon[r]);
        const n0 = links.length;
        noc.trace(sx, sy, coreGx[dc], coreGy[dc], host, links);
        for (let k = n0; k < links.length; k++) if (links[k] % linkShares === linkShare && mult[links[k]]++ === 0) distinct.push(links[k]);
      }
    };
    for (let src = 0; src < nSrc; src++) {
      walk(src);
      for (const l of distinct) {
        if (compact[l] < 0) compact[l] = nLinks++;
        hist[mult[l]] = (hist[mult[l]] ?? 0) + 1;
        mult[l] = 0;
      }
    }
    const linkBits = Math.max(1, Math.ceil(Math.log2(nLinks + 1)));
    noc.packLinks(linkBits);
    const cap = 2 ** (31 - linkBits) - 1;
    // 16-bit entries when they take fewer bytes: most (source, link) counts are small away from the
    // source's tile, so a count field of 16 - linkBits bits rarely needs a split
    const cap16 = linkBits <= 15 ? 2 ** (16 - linkBits) - 1 : 0;
    let nLk = 0, nLk16 = 0;
    hist.forEach((pairs, count) => {
      nLk += pairs * Math.ceil(count / cap);
      if (cap16 > 0) nLk16 += pairs * Math.ceil(count / cap16);
    });
    const narrowLinks = cap16 > 0 && 2 * nLk16 < 4 * nLk;
    const lk = (this.lk = new Int32Array(narrowLinks ? 0 : nLk));
    const lk16 = (this.lk16 = new Uint16Array(narrowLinks ? nLk16 : 0));
    const entryCap = narrowLinks ? cap16 : cap;
    let k = 0;
    for (let src = 0; src < nSrc; src++) {
      const so = src * SRC_STRIDE;
      const sc = srcCore[src];
      const host = sc < 0;
      const owned = host ? scope.hosts : src >= g0 && src < g1;
      walk(src);
      const k0 = k;
      for (const l of distinct) {
        // a count above cap (never at today's sizes) is split over entries of the same link: the
        // loads add up to the same sum, and the step's largest load is reached at the last one
        for (let left = mult[l]; left > 0; left -= entryCap) {
          const e = compact[l] | (Math.min(left, entryCap) << linkBits);
          if (narrowLinks) lk16[k++] = e;
          else lk[k++] = e;
        }
        mult[l] = 0;
      }
      let lat = 0, routes = 0, inTile = 0, ewSum = 0, nsSum = 0, crSum = 0;
      if (owned) {
        const sx = host ? noc.hostX : coreGx[sc], sy = host ? noc.hostY : coreGy[sc];
        for (let r = srcRouteStart[src]; r < srcRouteStart[src + 1]; r++) {
          const dc = m.coreOfAxon(routeAxon[r]);
          links.length = 0;
          noc.trace(sx, sy, coreGx[dc], coreGy[dc], host, links);
          const { hopsEW: ew, hopsNS: ns, crossings: cr } = noc;
          routes++;
          let l: number;
          if (ew === 0 && ns === 0 && cr === 0) {
            inTile++;
            l = cyc.inTile;
          } else {
            ewSum += ew;
            nsSum += ns;
            crSum += cr;
            l = ew * cyc.ew + ns * cyc.ns + cr * cyc.cross;
          }
          if (l > lat) lat = l;
        }
      }
      S[so + S_CORE] = sc;
      S[so + S_ROUTES] = routes;
      S[so + S_INTILE] = inTile;
      S[so + S_EW] = ewSum;
      S[so + S_NS] = nsSum;
      S[so + S_CROSS] = crSum;
      S[so + S_LATENCY] = lat; // whole cycles (cost.ts rounds every time up to cycles)
      S[so + S_LK0] = k0;
      S[so + S_LK1] = k;
    }
  }
}
