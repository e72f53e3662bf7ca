import { loadTarget } from '@snnc/ir';
import { Rng } from '@snnc/common';
import { buildView } from './dist/src/view.js';
import { benchNetwork } from './dist/src/bench.js';
import { localityOrder } from './dist/src/partition.js';
import { packWithOutputAxons } from './dist/src/fanout.js';
import { segmentUsage } from './dist/src/packer.js';
import { coreTraffic, coreOfSegmentation } from './dist/src/traffic.js';
const n = Number(process.argv[2]);
const net = benchNetwork({ neurons: n, fanin: 100, seed: 1 });
const target = loadTarget('loihi2').target;
const view = buildView(net, target).view;
const pop = new Int32Array(view.compartmentNeurons);
for (let i = 0, m = 0; i < view.neurons; i++) if (!view.isInputPop[view.popOfNeuron[i]]) pop[m++] = i;
const loc = localityOrder(view, undefined, new Rng(net.seed).fork('locality'));
for (const [name, order] of [['pop', pop], ['loc', loc]]) {
  const r = packWithOutputAxons(view, order, 10);
  const u = segmentUsage(view, order, r.bounds);
  const t = coreTraffic(view, order, r.bounds, coreOfSegmentation(view, order, r.bounds), { matrix: false });
  const k = r.bounds.length - 1;
  const mean = (a) => (Array.from(a).reduce((x, y) => x + y, 0) / a.length).toFixed(0);
  console.log(name, 'cores', k, 'splits', r.splits, 'mean comp', mean(u.compartments), 'inAx', mean(u.inputAxons), 'outAx', mean(t.outputAxons), 'bits', mean(u.synapseBits));
}
