import { loadTarget } from '@snnc/ir';
import { mapWith } from '@snnc/driver';
import { compileNetwork } from '@snnc/codegen';
import { benchNetwork } from './dist/src/bench/emulator-net.js';
const N = +process.argv[2];
const target = loadTarget('loihi2').target;
const net = benchNetwork({ neurons: N, fanin: 100, seed: 1, timesteps: 4 });
const m0 = process.memoryUsage();
const p = mapWith(net, target, 'sequential', 1).placement;
gc(); const m1 = process.memoryUsage();
console.log('cores', p.cores.length, 'map heap+ab MB', ((m1.heapUsed+m1.arrayBuffers - m0.heapUsed - m0.arrayBuffers)/1e6).toFixed(1), 'rss', (process.resourceUsage().maxRSS/1e3).toFixed(0));
const img = compileNetwork(net, p, target).image;
let ax=0, bl=0, syn=0, dense=0;
for (const c of img.cores) { ax += c.axons.length; for (const a of c.axons) { bl += a.blocks.length; for (const b of a.blocks) { syn += b.weights.length; if (b.format==='dense') dense++; } } }
console.log({ax, bl, syn, dense});
