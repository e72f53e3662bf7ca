// rows-delay-specs.mjs DIR: writes the row-sequential variants of docs/results.md "Row-sequential:
// delay lines and causal eligibility" into DIR, from examples/srsnn-seed-rows.json with its delay
// lines and causal pairing taken out (the previous default): dNaA.json = N lines (delays 1..N,
// each half of the columns) into an L1 of leak alpha A/10; dNaAc.json the same with causal
// eligibility (d5a5c.json is the current default's network).
// Then: node scripts/learning-probes/epochs.mjs DIR/d5a5c.json 2 0 --rows [--ro] [--seed S]
import fs from 'node:fs';
import path from 'node:path';
const dir = process.argv[2];
if (!dir) throw new Error('usage: rows-delay-specs.mjs DIR');
fs.mkdirSync(dir, { recursive: true });
const base = JSON.parse(fs.readFileSync(new URL('../../examples/srsnn-seed-rows.json', import.meta.url), 'utf8'));
delete base.interLayerLongRange;
delete base.layers[0].neuron;
delete base.learning.eligibility;
base.layers[0].feedforward.weight.std = 2.0;
fs.writeFileSync(path.join(dir, 'previous.json'), JSON.stringify(base, null, 2));
function variant(name, { alpha1, lines, std }) {
  const s = structuredClone(base);
  s.name = name;
  s.layers[0].neuron = { alpha: alpha1 };
  s.layers[0].feedforward.weight.std = std;
  s.interLayerLongRange = [];
  for (let d = 2; d <= lines; d++)
    s.interLayerLongRange.push({ source: s.input.id, target: 'L1', density: 0.5, rewiring: 1, delay: d, weight: { ...s.layers[0].feedforward.weight }, plastic: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(s, null, 2));
  s.learning.eligibility = 'causal';
  s.name = `${name}c`;
  fs.writeFileSync(path.join(dir, `${name}c.json`), JSON.stringify(s, null, 2));
}
variant('d3a5', { alpha1: 0.5, lines: 3, std: 1.15 });
variant('d3a3', { alpha1: 0.3, lines: 3, std: 1.15 });
variant('d5a5', { alpha1: 0.5, lines: 5, std: 0.9 });
variant('d5a3', { alpha1: 0.3, lines: 5, std: 0.9 });
variant('d7a5', { alpha1: 0.5, lines: 7, std: 0.75 });
