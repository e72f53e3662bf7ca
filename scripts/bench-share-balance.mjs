// bench-share-balance.mjs N: the small-world bench at N neurons, one 100-step sample on one thread, and the fraction of the
// deliver phase's modelled cycles (per core, emu.stats()) that each share of partitionCores(m, 2) would do: the
// imbalance that caps two threads (docs/benchmarks.md, "The small-world bench network").
const W = new URL('../packages/', import.meta.url).href;
const { buildBench, timeBench } = await import(W + 'cli/dist/src/bench/run-emulator.js');
const { partitionCores } = await import(W + 'emulator/dist/src/threads/partition.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const t = loadTarget('loihi2').target;
const N = +process.argv[2];
const b = buildBench(t, { network: 'smallworld', neurons: N, fanin: 100, seed: 1, steps: 100 }).bench;
timeBench(b, { rate: 0.2, seed: 1 });
const st = b.emu.stats();
const pc = st.cycles?.perCore ?? st.perCore;
const deliver = new Float64Array(b.emu.mach.nCores);
pc.forEach((x, k) => { deliver[k] = x.deliver; });
for (const n of [2]) {
  const bd = partitionCores(b.emu.mach, n);
  const shares = [];
  for (let s = 0; s < n; s++) { let d = 0; for (let c = bd[s]; c < bd[s + 1]; c++) d += deliver[c]; shares.push(d); }
  const tot = shares.reduce((a, x) => a + x, 0);
  console.log(N, 'bounds', Array.from(bd), 'deliver-cycle share', shares.map((x) => (x / tot).toFixed(3)));
}
b.emu.close();
