import { barChart } from '../bar-chart.js';
import { escapeHtml } from '../format.js';
import { heatmap } from '../heatmap.js';
import { htmlPage, table, type Cell } from '../html.js';
import { meshMap, type MeshChip } from '../mesh-map.js';
import { LIMIT_NAMES, type CoreCapacity, type Placement } from '@snnc/mapper';

/**
 * The placement report (`snnc report`): a CSV with one row per used core and a self-contained
 * HTML page (inline SVG, no scripts, no network) built only from the placement file, which
 * carries the mesh geometry, capacities, traffic and per-population summaries it needs.
 */

function capacityOf(p: Placement): CoreCapacity | undefined {
  return p.capacity;
}

/** One row per used core: id, chip, x, y, coreInTile, then used and capacity of every limit. */
export function placementCsv(p: Placement): string {
  const cap = capacityOf(p);
  const head = ['core', 'chip', 'x', 'y', 'coreInTile'];
  for (const l of LIMIT_NAMES) head.push(`${l}Used`, `${l}Capacity`);
  head.push('synapses', 'configs');
  const lines = [head.join(',')];
  p.cores.forEach((c, i) => {
    const u = p.usage[i];
    const row: (string | number)[] = [c.id, c.chip, c.x, c.y, c.coreInTile];
    for (const l of LIMIT_NAMES) row.push(u[l], cap ? cap[l] : '');
    row.push(u.synapses, u.configs ?? '');
    lines.push(row.join(','));
  });
  return lines.join('\n') + '\n';
}

/** Utilisation of a core = its tightest limit (max over limits of used / capacity). */
function coreUtilisation(p: Placement, i: number): { value: number; by: string } {
  const cap = capacityOf(p);
  const u = p.usage[i];
  let value = 0;
  let by: string = LIMIT_NAMES[0];
  for (const l of LIMIT_NAMES) {
    const c = cap ? cap[l] : 0;
    const v = c > 0 ? u[l] / c : 0;
    if (v > value) { value = v; by = l; }
  }
  return { value, by };
}

function meshSection(p: Placement): string {
  const mesh = p.mesh;
  if (!mesh) return '<p>The placement file carries no mesh geometry (written by an older mapper).</p>';
  const byChip = new Map<number, MeshChip>();
  p.cores.forEach((c, i) => {
    if (!byChip.has(c.chip)) byChip.set(c.chip, { chip: c.chip, tilesX: mesh.meshX, tilesY: mesh.meshY, coresPerTile: mesh.coresPerTile, cores: [], gridX: c.chip % mesh.chipsX, gridY: Math.floor(c.chip / mesh.chipsX) });
    const { value, by } = coreUtilisation(p, i);
    (byChip.get(c.chip)!.cores as MeshChip['cores'][number][]).push({
      x: c.x, y: c.y, coreInTile: c.coreInTile, value, label: `core ${c.id}, ${p.usage[i].compartments} neurons, tightest limit ${by}`,
    });
  });
  const chips = [...byChip.keys()].sort((a, b) => a - b).map((k) => byChip.get(k)!);
  return meshMap({ title: 'Core utilisation (tightest limit per core)', chips });
}

function trafficSection(p: Placement): string {
  const t = p.traffic;
  const k = p.cores.length;
  if (!t || k === 0) return '<p>No traffic recorded.</p>';
  // sparse: a dense k x k matrix would not fit for tens of thousands of cores
  const labels = p.cores.map((c) => String(c.id));
  return heatmap({
    title: `Inter-core traffic (${p.metrics.trafficWeighting === 'activity' ? 'expected spikes per step' : 'synapses reached'})`,
    rows: k, cols: k, entries: { row: t.from, col: t.to, value: t.weight }, rowLabels: labels, colLabels: labels, scale: 'log', colorScale: 'heat',
    xLabel: 'destination core', yLabel: 'source core',
  });
}

const SHORT: Record<string, string> = {
  compartments: 'neurons', inputAxons: 'in axons', outputAxons: 'out axons', synapseBits: 'synapse mem', learningStateBits: 'learn state',
};

function limitsSection(p: Placement): string {
  const cap = capacityOf(p);
  const cats = LIMIT_NAMES.slice();
  const mean = cats.map((l) => {
    const c = cap ? cap[l] : 0;
    if (!(c > 0) || p.usage.length === 0) return 0;
    return p.usage.reduce((s, u) => s + u[l] / c, 0) / p.usage.length;
  });
  const max = cats.map((l) => p.metrics.maxUtilisation?.[l] ?? 0);
  return barChart({
    title: 'Utilisation of each per-core limit', yLabel: 'used / capacity', categories: cats.map((l) => SHORT[l]),
    series: [{ name: 'mean over cores', values: mean }, { name: 'worst core', values: max }],
  });
}

export function placementReportHtml(p: Placement): string {
  const m = p.metrics;
  const summary: Cell[][] = [
    ['network', p.network], ['target', p.target], ['strategy', p.strategy],
    ['cores used', m.cores], ['certified lower bound (cores)', `${m.lowerBound} (set by ${m.boundKind ?? m.lowerBoundBy})`],
    ['cores / lower bound', m.lowerBound > 0 ? (m.cores / m.lowerBound).toFixed(3) : ''], ['bound in population order (not certified)', m.lowerBoundInOrder ?? ''],
    ...(m.sequentialCores !== undefined ? [
      ['sequential on the same network: cores', m.sequentialCores], ['cores / sequential', m.coresToSequential ?? ''],
      ['sequential: hop-weighted traffic', m.sequentialHopTraffic ?? ''], ['hop traffic / sequential', m.hopTrafficToSequential ?? ''],
    ] as Cell[][] : []),
    ['chips used', m.chips], ['lower bound (chips)', m.lowerBoundChips ?? ''],
    ['traffic weighting', m.trafficWeighting], ['inter-core spikes', m.interCoreSpikes], ['inter-chip spikes', m.interChipSpikes],
    ['host-port spikes', m.hostSpikes ?? ''], ['intra-core spikes', m.intraCoreSpikes ?? ''],
    ['hop-weighted traffic', m.hopTraffic], ['max link load', m.maxLinkLoad], ['max inter-chip link load', m.maxInterChipLinkLoad ?? ''], ['host link load', p.links?.hostLink ?? ''],
  ];
  const bounds: Cell[][] = Object.keys(p.lowerBounds ?? {}).map((l) => {
    const b = p.lowerBounds![l];
    return [l, b.method ?? '', b.cores, b.demand ?? '', (capacityOf(p) as Record<string, number> | undefined)?.[l] ?? '', b.inOrder ?? ''];
  });
  const pops: Cell[][] = (p.populations ?? []).map((s) => [s.id, s.input ? 'input (host)' : 'neurons', s.size, s.cores, s.synapsesIn, s.synapsesOut]);
  const cores: Cell[][] = p.cores.map((c, i) => {
    const u = p.usage[i];
    return [c.id, c.chip, c.x, c.y, c.coreInTile, u.compartments, u.inputAxons, u.outputAxons, u.synapseBits, u.learningStateBits, u.synapses, coreUtilisation(p, i).value];
  });
  const topLinks: Cell[][] = [];
  if (p.links) {
    const idx = Array.from(p.links.load.keys()).sort((a, b) => p.links!.load[b] - p.links!.load[a] || a - b).slice(0, 20);
    const dirs = ['east', 'west', 'north', 'south'];
    for (const i of idx) topLinks.push([p.links.x[i], p.links.y[i], dirs[p.links.dir[i]], p.links.load[i]]);
  }
  return htmlPage({
    title: `Placement of ${p.network} on ${p.target}`,
    subtitle: `strategy ${p.strategy}; ${m.cores} cores on ${m.chips} chip(s); placement version ${p.placementVersion}`,
    sections: [
      { heading: 'Summary', html: table(['metric', 'value'], summary) },
      { heading: 'Core utilisation map', html: meshSection(p) },
      { heading: 'Inter-core traffic matrix', html: trafficSection(p) },
      { heading: 'Per-limit utilisation', html: limitsSection(p) },
      { heading: 'Lower bound by limit', html: table(['limit', 'argument (docs/mapper.md §3)', 'certified cores', 'demand in population order', 'capacity per core', 'cores in population order'], bounds) },
      { heading: 'Populations', html: table(['population', 'kind', 'neurons', 'cores spanned', 'synapses in', 'synapses out'], pops) },
      { heading: 'Most loaded mesh links', html: topLinks.length ? table(['tile x', 'tile y', 'direction', 'load'], topLinks) : `<p>${escapeHtml('No mesh link carries traffic.')}</p>` },
      { heading: 'Cores', html: table(['core', 'chip', 'x', 'y', 'core in tile', 'compartments', 'input axons', 'output axons', 'synapse bits', 'learning bits', 'synapses', 'utilisation'], cores) },
    ],
  });
}
