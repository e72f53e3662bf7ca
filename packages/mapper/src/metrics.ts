import { routeXY, type Mesh } from './mesh.js';
import { LIMIT_NAMES, limitCapacity, type LowerBounds } from './limits.js';
import type { CoreTraffic } from './traffic.js';
import type { CertifiedBounds } from './certified.js';
import type { CoreTrafficList, CoreUsage, LinkLoadList, PlacementMetrics } from './placement.js';
import type { MapperView } from './view.js';

/**
 * Figures of merit of a finished placement (docs/mapper.md §6). Every message is routed
 * dimension-order (X then Y) over the global tile grid (mesh.ts); a message's weight is the number
 * of synapses it feeds, or its source's expected spikes per step with an activity profile.
 *  - interCoreSpikes: weight of messages between different cores (host port excluded);
 *  - interChipSpikes: the part of it whose route leaves the source's chip;
 *  - hopTraffic: sum of weight x tile hops between neuron cores (0 within a tile): the traffic a
 *    placement can change. Host messages (input populations) are reported apart as hostHopTraffic
 *    (host port -> tile (0, 0) of chip 0 is one hop, then X-Y as on chip): every placement pays at
 *    least one hop per input message, which would only blur comparisons of layouts;
 *  - maxLinkLoad: the most loaded directed mesh link (the host link is reported apart: it carries
 *    all input traffic whatever the placement).
 */
export interface RoutedTraffic {
  traffic: CoreTrafficList;
  links: LinkLoadList;
  interCoreSpikes: number;
  interChipSpikes: number;
  hopTraffic: number;
  maxLinkLoad: number;
  /** the most loaded link between two chips (0 on one chip) */
  maxInterChipLinkLoad: number;
  hostSpikes: number;
  hostHopTraffic: number;
}

/** `phys[c]`: physical core id of used core c; `t`: traffic over used-core indices. */
export function routeTraffic(mesh: Mesh, phys: Int32Array, t: CoreTraffic): RoutedTraffic {
  const k = phys.length;
  const gx = new Int32Array(k);
  const gy = new Int32Array(k);
  const chip = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    gx[c] = mesh.gx(phys[c]);
    gy[c] = mesh.gy(phys[c]);
    chip[c] = Math.floor(phys[c] / mesh.coresPerChip);
  }
  const load = new Float64Array(4 * mesh.gridX * mesh.gridY);
  let inter = 0, interChip = 0, hops = 0, host = 0, hostLink = 0, hostHops = 0;
  const nnz = t.col.length;
  const from = new Int32Array(nnz);
  for (let a = 0; a < k; a++) {
    for (let e = t.rowPtr[a]; e < t.rowPtr[a + 1]; e++) {
      from[e] = a;
      const b = t.col[e];
      const w = t.weight[e];
      inter += w;
      if (chip[a] !== chip[b]) interChip += w;
      hops += w * (Math.abs(gx[a] - gx[b]) + Math.abs(gy[a] - gy[b]));
      routeXY(mesh, load, gx[a], gy[a], gx[b], gy[b], w);
    }
  }
  for (let b = 0; b < k; b++) {
    const w = t.host[b];
    if (w === 0) continue;
    host += w;
    hostLink += w;
    hostHops += w * (1 + gx[b] + gy[b]);
    routeXY(mesh, load, 0, 0, gx[b], gy[b], w);
  }
  let links = 0;
  let maxLoad = 0;
  let maxChipLoad = 0;
  for (let l = 0; l < load.length; l++) {
    if (load[l] === 0) continue;
    links++;
    if (load[l] > maxLoad) maxLoad = load[l];
    // A link leaves its chip when it steps over a chip edge of the tile grid.
    const tile = l >> 2, dir = l & 3;
    const x = tile % mesh.gridX, y = Math.floor(tile / mesh.gridX);
    const crosses = dir === 0 ? (x + 1) % mesh.meshX === 0 : dir === 1 ? x % mesh.meshX === 0 : dir === 2 ? (y + 1) % mesh.meshY === 0 : y % mesh.meshY === 0;
    if (crosses && load[l] > maxChipLoad) maxChipLoad = load[l];
  }
  const list: LinkLoadList = {
    x: new Int32Array(links), y: new Int32Array(links), dir: new Int32Array(links), load: new Float64Array(links), hostLink,
  };
  for (let l = 0, n = 0; l < load.length; l++) {
    if (load[l] === 0) continue;
    const tile = l >> 2;
    list.x[n] = tile % mesh.gridX;
    list.y[n] = Math.floor(tile / mesh.gridX);
    list.dir[n] = l & 3;
    list.load[n++] = load[l];
  }
  return {
    traffic: { from, to: t.col.slice(), weight: t.weight.slice(), host: t.host.slice() },
    links: list,
    interCoreSpikes: inter,
    interChipSpikes: interChip,
    hopTraffic: hops,
    maxLinkLoad: maxLoad,
    maxInterChipLinkLoad: maxChipLoad,
    hostSpikes: host,
    hostHopTraffic: hostHops,
  };
}

/** hopTraffic (above) of traffic t with used core c at physical core phys[c], without routing links. */
export function hopTrafficOf(mesh: Mesh, phys: Int32Array, t: CoreTraffic): number {
  let hops = 0;
  for (let a = 0; a + 1 < t.rowPtr.length; a++) {
    for (let e = t.rowPtr[a]; e < t.rowPtr[a + 1]; e++) hops += t.weight[e] * mesh.tileHops(phys[a], phys[t.col[e]]);
  }
  return hops;
}

/** Highest used/capacity ratio per limit over all cores. */
export function maxUtilisation(view: MapperView, usage: CoreUsage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of LIMIT_NAMES) {
    const cap = limitCapacity(view, l);
    let m = 0;
    for (const u of usage) m = Math.max(m, cap > 0 ? u[l] / cap : u[l] > 0 ? Infinity : 0);
    out[l] = m;
  }
  return out;
}

export function buildMetrics(
  view: MapperView, mesh: Mesh, phys: Int32Array, bounds: LowerBounds, certified: CertifiedBounds, routed: RoutedTraffic, t: CoreTraffic,
  usage: CoreUsage[], weighting: 'synapses' | 'activity', baseline?: { cores: number; hopTraffic: number },
): PlacementMetrics {
  const chips = new Set<number>();
  for (let c = 0; c < phys.length; c++) chips.add(Math.floor(phys[c] / mesh.coresPerChip));
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : a > 0 ? Infinity : 1);
  const vsSequential = baseline
    ? { sequentialCores: baseline.cores, sequentialHopTraffic: baseline.hopTraffic, coresToSequential: ratio(phys.length, baseline.cores), hopTrafficToSequential: ratio(routed.hopTraffic, baseline.hopTraffic) }
    : {};
  return {
    coresToBound: ratio(phys.length, certified.lowerBound),
    ...vsSequential,
    cores: phys.length,
    chips: chips.size,
    lowerBound: certified.lowerBound,
    lowerBoundBy: certified.boundKind.split('/')[0],
    boundKind: certified.boundKind,
    lowerBoundInOrder: Math.max(bounds.cores, certified.lowerBound),
    interCoreSpikes: routed.interCoreSpikes,
    interChipSpikes: routed.interChipSpikes,
    hopTraffic: routed.hopTraffic,
    maxLinkLoad: routed.maxLinkLoad,
    trafficWeighting: weighting,
    lowerBoundChips: Math.ceil(certified.lowerBound / mesh.coresPerChip),
    lowerBoundStrict: certified.lowerBound,
    hostSpikes: routed.hostSpikes,
    hostHopTraffic: routed.hostHopTraffic,
    maxInterChipLinkLoad: routed.maxInterChipLinkLoad,
    intraCoreSpikes: t.intraCore,
    maxUtilisation: maxUtilisation(view, usage),
  };
}
