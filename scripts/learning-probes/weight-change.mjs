#!/usr/bin/env node
// weight-change.mjs CHECKPOINT...: how far training moved each projection's weights, against the
// untrained network the checkpoint's base rebuilds (docs/results.md, "Plastic recurrence and the
// length of the eligibility"). Per projection: synapses, mean |w| before and after, mean |dw| and
// the share of synapses changed, in weight LSBs of the lowered network.
const W = new URL('../../packages/', import.meta.url).href;
const { loadCheckpoint } = await import(W + 'training/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
for (const file of process.argv.slice(2)) {
  const ck = loadCheckpoint(file).checkpoint;
  if (!ck) throw new Error(`${file}: not a loadable checkpoint`);
  const before = new ReferenceSimulator(ck.base, {}).snapshot().weights;
  const after = ck.snapshot.weights;
  console.log(file);
  ck.base.projections.forEach((p, k) => {
    const w0 = before[k], w1 = after[k], n = w1.length;
    let a0 = 0, a1 = 0, d = 0, changed = 0;
    for (let i = 0; i < n; i++) {
      a0 += Math.abs(w0[i]); a1 += Math.abs(w1[i]); d += Math.abs(w1[i] - w0[i]);
      if (w1[i] !== w0[i]) changed++;
    }
    const m = (x) => (n ? x / n : 0).toFixed(1);
    console.log(`  ${p.id} (${p.plasticity}): ${n} synapses, mean |w| ${m(a0)} -> ${m(a1)}, mean |dw| ${m(d)}, ${(n ? (100 * changed) / n : 0).toFixed(1)}% changed`);
  });
}
