import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';

/** `snnc map`, `snnc report`, `snnc bench map` end to end: the real binary, spawned with this node. */
const ROOT = repoRoot();
const BIN = path.join(ROOT, 'packages', 'cli', 'bin', 'snnc.js');
const CHROMIUM = '/usr/bin/chromium';

function snnc(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SNNC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStack(text: string): void {
  expect(text).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('cli: snnc map / report / bench map', function () {
  this.timeout(180_000); // spawns several CLI processes per test: slow on a loaded machine
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-map-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('map --json prints the headline figures and -o writes the same placement twice', () => {
    const a = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--json', '-o', path.join(dir, 'a.json')]);
    expect(a.code, a.stderr).to.equal(0);
    const j = JSON.parse(a.stdout);
    expect(Object.keys(j).sort()).to.deep.equal(['boundKind', 'chips', 'cores', 'coresToBound', 'coresToSequential', 'hopTraffic', 'hopTrafficToSequential', 'interCoreSpikes', 'lowerBound',
      'lowerBoundInOrder', 'maxLinkLoad', 'seconds', 'sequentialCores', 'sequentialHopTraffic', 'strategy', 'target'].sort());
    expect(j.coresToBound).to.equal(Math.round((j.cores / j.lowerBound) * 10000) / 10000);
    expect(j.coresToSequential).to.be.at.most(1);
    expect(j.target).to.equal('test-multichip');
    expect(j.cores).to.be.at.least(j.lowerBound);
    expect(j.boundKind).to.match(/^(compartments|inputAxons|outputAxons|synapseBits|learningStateBits|compartmentConfigs)\/(count|total|L2|spread)$/);
    const b = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '-o', path.join(dir, 'b.json')]);
    expect(b.code, b.stderr).to.equal(0);
    expect(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')).to.equal(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'));
  });

  it('report writes placement.json, one CSV row per core and a self-contained HTML page', () => {
    const m = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--strategy', 'sequential', '-o', path.join(dir, 'p.json')]);
    expect(m.code, m.stderr).to.equal(0);
    const out = path.join(dir, 'report');
    const r = snnc(['report', path.join(dir, 'p.json'), '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const placement = JSON.parse(fs.readFileSync(path.join(out, 'placement.json'), 'utf8'));
    const csv = fs.readFileSync(path.join(out, 'placement.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).to.match(/^core,chip,x,y,coreInTile,compartmentsUsed,compartmentsCapacity,/);
    expect(csv.length - 1).to.equal(placement.cores.length);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).to.contain('<svg').and.to.contain('Inter-core traffic').and.to.contain('Populations');
    expect(html).to.not.match(/<script|(src|href)\s*=\s*["']https?:/i);
  });

  it('the report renders in headless Chromium without console errors', function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      (skipped: ${CHROMIUM} is absent)`);
      this.skip();
    }
    const out = path.join(dir, 'report');
    if (!fs.existsSync(path.join(out, 'report.html'))) this.skip();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-html.mjs'), path.join(out, 'report.html')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).to.equal(0);
  });

  it('no feasible placement: exit 1, located diagnostics with the limit and the fix, no stack', () => {
    const r = snnc(['map', 'examples/srsnn-mnist.json', '--target', 'test-multichip']);
    expect(r.code).to.equal(1);
    noStack(r.stderr);
    // which population fails depends on the example's current sizes; the form does not
    expect(r.stderr).to.match(/^examples\/srsnn-mnist\.json#\/(layers\/\d+|readout): error SNNC3002: \S+ needs fan-in \d+ per neuron > 96 input axons per core/m);
    expect(r.stderr).to.match(/fix: reduce \S+ density below 0\.\d+ \(now [\d.]+\), or use a target with maxInputAxons >= \d+/);
  });

  it('usage errors exit 2; unknown targets and files exit 1', () => {
    expect(snnc(['map', 'examples/srsnn-small.json', '--target', 'loihi2', '--strategy', 'random']).code).to.equal(2);
    expect(snnc(['map', 'examples/srsnn-small.json']).code).to.equal(2);
    const t = snnc(['map', 'examples/srsnn-small.json', '--target', 'no-such-target']);
    expect(t.code).to.equal(1);
    noStack(t.stderr);
    const f = snnc(['map', 'nope.json', '--target', 'loihi2']);
    expect(f.code).to.equal(1);
    expect(f.stderr).to.match(/^nope\.json#: error /m);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"placementVersion": "9.9"}');
    const rep = snnc(['report', bad, '--out', path.join(dir, 'x')]);
    expect(rep.code).to.equal(1);
    expect(rep.stderr).to.contain('SNNC3061');
  });

  it('--avoid, --max-neurons-per-core and --pin: obeyed, and bad requests located with the fix', () => {
    const avoid = path.join(dir, 'avoid.json');
    fs.writeFileSync(avoid, JSON.stringify({ constraintsVersion: '1.0', cores: [0, 1, 2], chips: [1], pins: [{ population: 'out', cores: [[8, 15]] }] }));
    const out = path.join(dir, 'c.json');
    const r = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--avoid', avoid, '--max-neurons-per-core', '8', '--pin', 'h1=chips:0,2', '-o', out]);
    expect(r.code, r.stderr).to.equal(0);
    const p = JSON.parse(fs.readFileSync(out, 'utf8'));
    const perChip = p.mesh.coresPerChip;
    const pops: string[] = p.populations.map((x: { id: string }) => x.id);
    for (const c of p.cores) {
      expect([0, 1, 2]).to.not.include(c.id);
      expect(c.chip).to.not.equal(1);
    }
    for (const u of p.usage) expect(u.compartments).to.be.at.most(8);
    for (const c of p.neuronCore[pops.indexOf('out')]) expect(p.cores[c].id).to.be.within(8, 15);
    for (const c of p.neuronCore[pops.indexOf('h1')]) expect([0, 2]).to.include(Math.floor(p.cores[c].id / perChip));
    fs.writeFileSync(avoid, JSON.stringify({ constraintsVersion: '1.0', cores: [100000] }));
    const bad = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--avoid', avoid]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/avoid\.json#\/cores\/0: error SNNC3071: .*\(expected 0\.\.\d+, found 100000\); fix: /);
    noStack(bad.stderr);
    const pin = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--pin', 'nobody=chips:0']);
    expect(pin.code).to.equal(1);
    expect(pin.stderr).to.match(/^--pin#\/0: error SNNC3073: pin names no population: 'nobody'/m);
    expect(snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--pin', 'h1=tiles:3']).code).to.equal(2);
    expect(snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--max-neurons-per-core', '0']).code).to.equal(2);
    // a cap in the file and another in the flag: the flag's wins, and the file's is said to be replaced (it was, in silence)
    fs.writeFileSync(avoid, JSON.stringify({ constraintsVersion: '1.0', maxNeuronsPerCore: 4 }));
    const both = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--avoid', avoid, '--max-neurons-per-core', '8', '-o', out]);
    expect(both.code, both.stderr).to.equal(0);
    expect(both.stderr).to.match(/avoid\.json#\/maxNeuronsPerCore: warning SNNC1035: the constraints file's cap of 4 neurons per core is replaced by --max-neurons-per-core 8/);
    expect(Math.max(...JSON.parse(fs.readFileSync(out, 'utf8')).usage.map((u: { compartments: number }) => u.compartments))).to.be.within(5, 8);
    const same = snnc(['map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--avoid', avoid, '--max-neurons-per-core', '4']);
    expect([same.code, same.stderr.includes('SNNC1035')]).to.deep.equal([0, false]);
  });

  it('bench map --chips 1,2,4: one row per system size', () => {
    const r = snnc(['bench', 'map', '--neurons', '4000', '--strategy', 'sequential', '--chips', '1,2', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows.map((x: { systemChips: number }) => x.systemChips)).to.deep.equal([1, 2]);
    for (const row of j.rows) {
      expect(row.status).to.equal('ok');
      expect(row.cores).to.be.at.least(row.lowerBound);
      expect(row.chips).to.be.at.most(row.systemChips);
      expect(row.seconds).to.be.a('number');
    }
    expect(snnc(['bench', 'map', '--neurons', '4000', '--chips', '0']).code).to.equal(2);
  });

  it('bench map --json prints neurons, synapses, cores, chips, seconds and peakMB', () => {
    const r = snnc(['bench', 'map', '--neurons', '4000', '--strategy', 'sequential', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['neurons', 'synapses', 'cores', 'chips', 'seconds', 'peakMB']) expect(j[k], k).to.be.a('number');
    expect(j.neurons).to.equal(4000);
    expect(j.synapses).to.be.within(300_000, 500_000);
    expect(snnc(['bench', 'map', '--neurons', 'many']).code).to.equal(2);
    expect(r.stderr, 'the default fan-in is met: no warning').to.equal('');
  });

  it('bench map warns at --fanin when the generator cannot give that many synapses per neuron', () => {
    // before: --fanin 1000 gave about 368 per neuron, said only by the synapse count
    const r = snnc(['bench', 'map', '--neurons', '2000', '--fanin', '1000', '--strategy', 'sequential', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^--fanin#: warning SNNC1035: the bench network has about \d+ synapses per neuron, not 1000: .*fix: give --fanin 140 or less$/m);
    expect(JSON.parse(r.stdout).synapses).to.be.below(2000 * 1000 * 0.9);
  });

  it('bench map refuses, at once and located, a network or a system too large to build', () => {
    // 2e11 synapses: "internal error: Invalid typed array length" (exit 70) from the generator
    const big = snnc(['bench', 'map', '--neurons', '50000000', '--fanin', '4096']);
    expect(big.code, big.stderr).to.equal(1);
    expect(big.stderr).to.match(/^--neurons#: error SNNC4330: the benchmark network \(50000000 neurons x 4096 synapses\) needs about/m);
    noStack(big.stderr);
    // a target of 2^20 cores per chip, legal on its own: --chips 64 made a system of 2^26 cores (a
    // file's limit is 2^20), and mapping onto it ran for minutes toward running out of memory
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'loihi2.json'), 'utf8'));
    Object.assign(t.chip, { meshX: 512, meshY: 512, coresPerTile: 4, cores: 512 * 512 * 4 });
    Object.assign(t.system, { maxChips: 1, chipsX: 1, chipsY: 1 });
    const file = path.join(dir, 'wide-chip.json');
    fs.writeFileSync(file, JSON.stringify(t));
    const wide = snnc(['bench', 'map', '--neurons', '4000', '--target', file, '--chips', '1,64', '--strategy', 'sequential']);
    expect(wide.code, wide.stderr).to.equal(2);
    expect(wide.stderr).to.match(/^--chips#: error SNNC1025: a system of 64 chip\(s\) of loihi2: .*limits\.systemCores.*found 67108864\); fix: fewer chips/m);
  });
});
