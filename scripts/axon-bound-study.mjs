#!/usr/bin/env node
// Issue 14 items 1-2: how far could a global (co-location) bound on the axon limits go on the
// bench network? docs/mapper.md §3 "Global axon bounds" states the arguments; this script
// measures the quantities they depend on, and exhibits partitions that cap each route:
//
//   node --max-old-space-size=8192 scripts/axon-bound-study.mjs --neurons 100000 [--fanin 100] [--seed 1]
//
// For every hidden source s: T_s its distinct targets, S_s the recurrent targets outside its own
// microcircuit (the random shortcuts; the generator's 128-neuron circuits are used only here, to
// classify, never by the mapper), R_s = S_s + one local and one feed-forward representative.
// Lambda(P) = sum_s |cores of P holding targets of s| is both the total output axons of the hidden
// neurons and (with the host inputs' own term) the total input axons, so cores >= Lambda / 4096
// for any placement P; every route below is a lower bound on min_P Lambda(P) over partitions whose
// cores hold at most c neurons (c = the certified maxPerCore). A partition exhibited here, which
// respects that size limit, caps what such a route can prove (its Lambda is an upper bound on the
// minimum). Prints one JSON line.
import { benchNetwork, certifiedBounds } from '../packages/mapper/dist/src/index.js';
import { buildView } from '../packages/mapper/dist/src/view.js';
import { loadTarget } from '../packages/ir/dist/src/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const neurons = Number(arg('neurons', '100000'));
const fanin = Number(arg('fanin', '100'));
const seed = Number(arg('seed', '1'));
const CIRCUIT = 128;
const cpu0 = process.cpuUsage();

const target = loadTarget(arg('target', 'loihi2')).target;
const net = benchNetwork({ neurons, fanin, seed });
const view = buildView(net, target).view;
const bounds = certifiedBounds(view);
const { popOffset } = view;
const N = popOffset[popOffset.length - 1];
const pops = net.populations;
const isInput = (p) => pops[p].role === 'input';
let c = Infinity;
for (let p = 0; p < pops.length; p++) if (!isInput(p)) c = Math.min(c, bounds.maxPerCore[p]);
const axons = target.core.maxOutputAxons;

// CSR of distinct targets per source (global ids), with a class per edge: 0 local, 1 shortcut, 2 ff
const deg = new Int32Array(N + 1);
for (const q of net.projections) for (let e = 0; e < q.pre.length; e++) deg[popOffset[q.source] + q.pre[e] + 1]++;
for (let j = 0; j < N; j++) deg[j + 1] += deg[j];
const ptr = deg;
const fill = ptr.slice(0, N);
const tgt = new Int32Array(ptr[N]);
const cls = new Uint8Array(ptr[N]);
for (const q of net.projections) {
  const rec = q.source === q.target;
  for (let e = 0; e < q.pre.length; e++) {
    const s = popOffset[q.source] + q.pre[e];
    const at = fill[s]++;
    tgt[at] = popOffset[q.target] + q.post[e];
    cls[at] = !rec ? 2 : Math.floor(q.pre[e] / CIRCUIT) === Math.floor(q.post[e] / CIRCUIT) ? 0 : 1;
  }
}
const hidden = (j) => !isInput(view.popOfNeuron[j]);

// R_s (in a second CSR), incidence counts and co-target counts
const rPtr = new Int32Array(N + 1);
const rTgt = new Int32Array(ptr[N]);
let IT = 0, IS = 0, IR = 0;
const stamp = new Int32Array(N).fill(-1);
for (let s = 0; s < N; s++) {
  rPtr[s + 1] = rPtr[s];
  if (!hidden(s)) continue;
  // representatives spread over the targets: the first local target after s (cyclically), the
  // middle feed-forward one (targets are ascending)
  let localRep = -1, firstLocal = -1, nff = 0;
  for (let e = ptr[s]; e < ptr[s + 1]; e++) {
    const t = tgt[e];
    if (stamp[t] === s) continue; // distinct targets only (multi-edges count once)
    stamp[t] = s;
    IT++;
    if (cls[e] === 1) { IS++; rTgt[rPtr[s + 1]++] = t; }
    else if (cls[e] === 0) { if (firstLocal < 0) firstLocal = t; if (localRep < 0 && t > s) localRep = t; }
    else nff++;
  }
  if (firstLocal >= 0) rTgt[rPtr[s + 1]++] = localRep >= 0 ? localRep : firstLocal;
  for (let e = ptr[s], k = 0; e < ptr[s + 1]; e++) if (cls[e] === 2 && k++ === nff >> 1) { rTgt[rPtr[s + 1]++] = tgt[e]; break; }
  IR += rPtr[s + 1] - rPtr[s];
}
const rIn = new Int32Array(N);   // r_a: R-sets containing a
const coT = new Float64Array(N); // sum over R-sets containing a of (|R_s| - 1): a's co-target weight
for (let s = 0; s < N; s++) {
  const m = rPtr[s + 1] - rPtr[s];
  for (let e = rPtr[s]; e < rPtr[s + 1]; e++) { rIn[rTgt[e]]++; coT[rTgt[e]] += m - 1; }
}
// Route 1, Bonferroni with per-neuron caps: core K's distinct R-sources >= sum_a (r_a - (1/2) x
// a's heaviest c - 1 co-target weights). When a has at most c - 1 co-targets that is all of them.
let bonfPerNeuron = 0, coTsum = 0, coTmax = 0, rInSum = 0, hiddenN = 0;
for (let a = 0; a < N; a++) {
  if (!hidden(a)) continue;
  hiddenN++;
  rInSum += rIn[a];
  coTsum += coT[a];
  coTmax = Math.max(coTmax, coT[a]);
  bonfPerNeuron += Math.max(0, rIn[a] - coT[a] / 2);
}
// Route 2, Bonferroni with the exact densest co-location: a partition where greedily chosen,
// pairwise disjoint R-sets each lie whole in one core (<= c neurons) has a pair term >= the sum of
// their C(|R_s|, 2), and an exact collapse >= the sum of their |R_s| - 1.
// The greedy family both routes use: in source order, each R-set of 2..c targets that shares no
// target with an R-set picked before it.
const disjoint = [];
{
  const used = new Uint8Array(N);
  for (let s = 0; s < N; s++) {
    const m = rPtr[s + 1] - rPtr[s];
    if (m < 2 || m > c) continue;
    let free = true;
    for (let e = rPtr[s]; e < rPtr[s + 1] && free; e++) if (used[rTgt[e]]) free = false;
    if (!free) continue;
    for (let e = rPtr[s]; e < rPtr[s + 1]; e++) used[rTgt[e]] = 1;
    disjoint.push(s);
  }
}
const picked = disjoint.length;
let pairs = 0, collapse = 0;
for (const s of disjoint) {
  const m = rPtr[s + 1] - rPtr[s];
  pairs += (m * (m - 1)) / 2;
  collapse += m - 1;
}
// Route 2b, per core: an argument that bounds one core's collapse from its own content ("a core
// of m neurons has >= f(m) distinct R-sources", then m <= M where f(M) <= 4096) can prove at most
// ceil(N / m*), m* = the neurons of one core built from whole disjoint R-sets (cheapest first)
// whose exact count of distinct R-sources stays <= 4096.
const inPtr = new Int32Array(N + 1);
for (let e = 0; e < rPtr[N]; e++) inPtr[rTgt[e] + 1]++;
for (let a = 0; a < N; a++) inPtr[a + 1] += inPtr[a];
const inSrc = new Int32Array(rPtr[N]);
const inFill = inPtr.slice(0, N);
for (let s = 0; s < N; s++) for (let e = rPtr[s]; e < rPtr[s + 1]; e++) inSrc[inFill[rTgt[e]]++] = s;
const family = [];
for (const s of disjoint) {
  const m = rPtr[s + 1] - rPtr[s];
  let inc = 0;
  for (let e = rPtr[s]; e < rPtr[s + 1]; e++) inc += rIn[rTgt[e]];
  family.push([(inc - (m - 1)) / m, s]);
}
family.sort((x, y) => x[0] - y[0]);
const srcSeen = new Uint8Array(N);
let coreSources = 0, coreNeurons = 0;
for (const [, s] of family) {
  let add = 0;
  const fresh = [];
  for (let e = rPtr[s]; e < rPtr[s + 1]; e++) for (let f = inPtr[rTgt[e]]; f < inPtr[rTgt[e] + 1]; f++) {
    const x = inSrc[f];
    if (!srcSeen[x]) { srcSeen[x] = 1; fresh.push(x); add++; }
  }
  const m = rPtr[s + 1] - rPtr[s];
  if (coreSources + add > axons || coreNeurons + m > c) { for (const x of fresh) srcSeen[x] = 0; continue; }
  coreSources += add;
  coreNeurons += m;
}
// Route 3, the exact min over size-c partitions of Lambda(T): contiguous blocks of c neurons per
// population (the partition a locality-minded placement approaches) cap it.
function lambdaOfBlocks(size) {
  const coreOf = new Int32Array(N);
  let next = 0;
  for (let p = 0; p < pops.length; p++) {
    for (let n = 0; n < popOffset[p + 1] - popOffset[p]; n++) coreOf[popOffset[p] + n] = next + Math.floor(n / size);
    next += Math.ceil((popOffset[p + 1] - popOffset[p]) / size);
  }
  const seen = new Int32Array(next).fill(-1);
  let lambdaHidden = 0;
  for (let s = 0; s < N; s++) {
    if (!hidden(s)) continue;
    for (let e = ptr[s]; e < ptr[s + 1]; e++) {
      const k = coreOf[tgt[e]];
      if (seen[k] !== s) { seen[k] = s; lambdaHidden++; }
    }
  }
  return lambdaHidden;
}
const lambdaC = lambdaOfBlocks(c);
const cpu = process.cpuUsage(cpu0);
const ceil = (x) => Math.ceil(x / axons);
process.stdout.write(JSON.stringify({
  neurons: hiddenN, fanin, seed, c, axonsPerCore: axons,
  certified: { lowerBound: bounds.lowerBound, boundKind: bounds.boundKind, outputAxons: bounds.byLimit.outputAxons.cores, inputAxons: bounds.byLimit.inputAxons.cores },
  incidences: { targets: IT, shortcuts: IS, representatives: IR, perNeuron: +(IR / hiddenN).toFixed(3) },
  coTargets: { mean: +(coTsum / hiddenN).toFixed(2), max: coTmax, meanR: +(rInSum / hiddenN).toFixed(2) },
  // what each route could prove at best (cores), and the ceiling a partition puts on it
  noCollapse: ceil(IR),
  bonferroniPerNeuron: ceil(bonfPerNeuron),
  bonferroniDensestCeiling: ceil(IR - pairs),
  exactCollapseCeiling: ceil(IR - collapse),
  greedyDisjointSets: picked,
  oneCore: { neurons: coreNeurons, rSources: coreSources }, perCoreCeiling: Math.ceil(hiddenN / coreNeurons),
  contiguousBlocksLambda: lambdaC, sizeOnlyCeiling: ceil(lambdaC),
  cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
  peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
