import { expect } from 'chai';
import fc from 'fast-check';
import { Codes, expandSpec, ID_MAX_LENGTH, ID_PATTERN, parseSpec, validateSpec, upgradeSpec, type NetworkSpec } from '../src/index.js';
import { readSchema } from '../src/paths.js';
import { errors, example, graphSpec, SRLIF } from './helpers.js';

/** Located errors: each corruption gives its code at the pointer of the offending field. */
function check(doc: unknown) {
  return errors(validateSpec(doc, 'x.json').diagnostics);
}

describe('ir: validation of corrupted specs', () => {
  it('accepts both examples without errors', () => {
    for (const name of ['srsnn-small', 'srsnn-mnist', 'graph-conv'] as const) {
      const v = validateSpec(example(name), `${name}.json`);
      expect(errors(v.diagnostics), name).to.deep.equal([]);
      expect(v.spec).to.not.equal(undefined);
    }
  });

  it('wrong type: located at the field, expected vs found', () => {
    const s = example('srsnn-small');
    s.timesteps = 'ten';
    const e = check(s);
    expect(e).to.have.length(1);
    expect(e[0]).to.include({ code: Codes.wrongType, pointer: '/timesteps', file: 'x.json' });
    expect(e[0].expected).to.match(/integer/);
    expect(e[0].found).to.match(/ten|string/);
  });

  it('missing field: pointer of the enclosing object, names the field', () => {
    const s = example('srsnn-small');
    delete s.readout.classes;
    const e = check(s);
    expect(e).to.have.length(1);
    expect(e[0].code).to.equal(Codes.missingField);
    expect(e[0].pointer).to.equal('/readout/classes');
    expect(e[0].message).to.contain('classes');
  });

  it('negative size and density > 1 are out of range', () => {
    const s = example('srsnn-small');
    s.layers[0].size = -3;
    s.layers[1].feedforward.density = 1.5;
    const e = check(s);
    expect(e.map((d) => [d.code, d.pointer])).to.have.deep.members([
      [Codes.outOfRange, '/layers/0/size'],
      [Codes.outOfRange, '/layers/1/feedforward/density'],
    ]);
    expect(e.find((d) => d.pointer === '/layers/1/feedforward/density')!.found).to.equal('1.5');
  });

  it('reports several schema errors at once, not only the first', () => {
    const s = example('srsnn-small'); // two layers, so /layers/1 exists whatever the MNIST tuning is
    s.timesteps = 'ten';
    s.layers[0].size = 0;
    s.layers[1].recurrent.density = 2;
    delete s.input.id;
    s.learning.rival = 'loser';
    const e = check(s);
    expect(e.map((d) => d.pointer)).to.include.members(['/timesteps', '/layers/0/size', '/layers/1/recurrent/density', '/input/id', '/learning/rival']);
    expect(e.find((d) => d.pointer === '/learning/rival')!.code).to.equal(Codes.notInEnum);
  });

  it('unknown population reference (srsnn long-range source) is a located semantic error', () => {
    const s = example('srsnn-small');
    s.longRange.sources[1] = 'nope';
    const e = check(s);
    expect(e).to.have.length(1);
    expect(e[0]).to.include({ code: Codes.danglingReference, pointer: '/longRange/sources/1', found: '"nope"' });
    expect(e[0].expected).to.contain('"h1"');
  });

  it('a long-range shortcut from a layer to itself is refused (SNNC2018), one to another layer is fine', () => {
    const s = example('srsnn-small');
    s.interLayerLongRange = [{ source: 'h1', target: 'h2', degree: 4, rewiring: 0.1, weight: { dist: 'constant', value: 0.1 } }];
    expect(check(s)).to.deep.equal([]);
    s.interLayerLongRange.push({ source: 'h2', target: 'h2', degree: 4, rewiring: 0.1, weight: { dist: 'constant', value: 0.1 } });
    const e = check(s);
    expect(e.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.shortcutToSelf, '/interLayerLongRange/1/target']]);
  });

  it('the input may feed a layer through extra delay lines (interLayerLongRange from the input); an unknown source names the input among the choices', () => {
    const s = example('srsnn-small');
    s.interLayerLongRange = [{ source: s.input.id, target: 'h1', degree: 3, rewiring: 1, delay: 3, weight: { dist: 'constant', value: 0.1 } }];
    expect(check(s)).to.deep.equal([]);
    const net = expandSpec(s as NetworkSpec).graph!;
    const q = net.projections.find((p) => p.id === `lr:${s.input.id}:h1`)!;
    expect([q.source, q.target, q.delay]).to.deep.equal([0, 1, 3]);
    expect(q.pre.length).to.equal(3 * net.populations[1].size);
    s.interLayerLongRange[0].source = 'nope';
    const e = check(s);
    expect(e.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.danglingReference, '/interLayerLongRange/0/source']]);
    expect(e[0].expected).to.contain(`"${s.input.id}"`);
  });

  it('unknown population reference (graph projection source and target)', () => {
    const g = graphSpec(
      [{ id: 'a', kind: 'input', size: 2 }, { id: 'b', kind: 'neuron', size: 2, neuron: SRLIF }],
      [{ id: 'p', source: 'zz', target: 'yy', connectivity: { type: 'oneToOne', weight: 1 } }],
    );
    const e = check(g);
    expect(e.map((d) => [d.code, d.pointer])).to.have.deep.members([
      [Codes.danglingReference, '/projections/0/source'],
      [Codes.danglingReference, '/projections/0/target'],
    ]);
  });

  it('duplicate ids and size mismatches are caught', () => {
    const g = graphSpec(
      [{ id: 'a', kind: 'input', size: 3 }, { id: 'a', kind: 'neuron', size: 2, neuron: SRLIF }],
      [],
    );
    expect(check(g).map((d) => [d.code, d.pointer])).to.deep.include([Codes.duplicateId, '/populations/1/id']);
    const h = graphSpec(
      [{ id: 'a', kind: 'input', size: 3 }, { id: 'b', kind: 'neuron', size: 2, neuron: SRLIF }],
      [{ id: 'p', source: 'a', target: 'b', connectivity: { type: 'explicit', pre: [0, 1], post: [1, 1], weight: [1] } }],
    );
    expect(check(h).map((d) => d.code)).to.include(Codes.lengthMismatch);
    const i = graphSpec(
      [{ id: 'a', kind: 'input', size: 3 }, { id: 'b', kind: 'neuron', size: 2, neuron: SRLIF }],
      [{ id: 'p', source: 'a', target: 'b', connectivity: { type: 'explicit', pre: [0, 5], post: [1, 1], weight: [1, 1] } }],
    );
    const e = check(i);
    expect(e.map((d) => d.code)).to.include(Codes.indexOutOfRange);
    expect(e.find((d) => d.code === Codes.indexOutOfRange)!.pointer).to.match(/^\/projections\/0\/connectivity\/pre/);
  });

  it('an identifier of any length: refused exactly above 128 characters, and the error says the length, not "not a valid string" with the pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.constantFrom('name', 'input'), (n, where) => {
        const doc = example('srsnn-small');
        const id = 'a' + 'b'.repeat(n - 1);
        if (where === 'name') doc.name = id;
        else doc.input.id = id;
        const errs = check(doc);
        if (n <= 128) {
          expect(errs).to.deep.equal([]);
          return;
        }
        expect(errs.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.badPattern, where === 'name' ? '/name' : '/input/id']]);
        expect(errs[0].message).to.match(/is longer than 128 characters$/);
        expect(errs[0].expected).to.match(/^at most 128 characters/);
        expect(errs[0].found).to.match(new RegExp(`^${n} characters: "ab`));
        expect(errs[0].fix).to.equal('shorten it to 128 characters');
      }),
      { seed: 1009, numRuns: 40 },
    );
  });

  it('ID_PATTERN and ID_MAX_LENGTH are the spec schema\'s $defs/Id', () => {
    const id = (readSchema('spec') as { $defs: { Id: { pattern: string; maxLength: number } } }).$defs.Id;
    expect(ID_PATTERN.source).to.equal(id.pattern);
    expect(ID_MAX_LENGTH).to.equal(id.maxLength);
  });

  it('JSON syntax errors are located with line and column', () => {
    const r = parseSpec('{\n  "kind": "srsnn",\n  "seed": 1,,\n}', 'bad.json');
    expect(r.spec).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(Codes.jsonSyntax);
    expect(r.diagnostics[0].message).to.match(/line 3/);
  });

  it('unknown kind gives one clear diagnostic, not one per variant', () => {
    const e = check({ irVersion: '1.0', kind: 'mystery', name: 'x' });
    expect(e).to.have.length(1);
    expect(e[0].pointer).to.equal('/kind');
  });
});

describe('ir: upgrader', () => {
  it('upgrades an irVersion 0.9 spec to 1.0 with a note', () => {
    const s = example('srsnn-small');
    s.irVersion = '0.9';
    s.steps = s.timesteps;
    delete s.timesteps;
    s.readout.perClass = s.readout.neuronsPerClass;
    delete s.readout.neuronsPerClass;
    const v = validateSpec(s, 'old.json');
    expect(errors(v.diagnostics)).to.deep.equal([]);
    expect(v.spec!.irVersion).to.equal('1.0');
    expect(v.spec!.timesteps).to.equal(10);
    expect((v.spec as any).readout.neuronsPerClass).to.equal(2);
    const note = v.diagnostics.find((d) => d.code === Codes.upgraded)!;
    expect(note.severity).to.equal('note');
    expect(note.message).to.contain('0.9 -> 1.0');
    expect(s.irVersion, 'the input document is not mutated').to.equal('0.9');
  });

  it('upgrades graph plastic booleans by the target role', () => {
    const g: any = graphSpec(
      [{ id: 'a', kind: 'input', size: 2 }, { id: 'r', kind: 'neuron', size: 2, role: 'readout', neuron: SRLIF }],
      [{ id: 'p', source: 'a', target: 'r', plastic: true, connectivity: { type: 'oneToOne', weight: 1 } }],
    );
    g.irVersion = '0.9';
    const up = upgradeSpec(g) as { doc: any };
    expect(up.doc.projections[0].plastic).to.equal('delta');
  });

  it('upgrades each plastic boolean on its own: true into a hidden population is threeFactor, false is none, one note each; a string is left alone', () => {
    const g: any = graphSpec(
      [{ id: 'a', kind: 'input', size: 2 }, { id: 'h', kind: 'neuron', size: 2, neuron: SRLIF }, { id: 'r', kind: 'neuron', size: 2, role: 'readout', neuron: SRLIF }],
      [
        { id: 'ah', source: 'a', target: 'h', plastic: true, connectivity: { type: 'oneToOne', weight: 1 } },
        { id: 'hr', source: 'h', target: 'r', plastic: false, connectivity: { type: 'oneToOne', weight: 1 } },
        { id: 'ar', source: 'a', target: 'r', plastic: true, connectivity: { type: 'oneToOne', weight: 1 } },
        { id: 'hh', source: 'h', target: 'h', plastic: 'none', connectivity: { type: 'oneToOne', weight: 1 } },
      ],
    );
    g.irVersion = '0.9';
    const up = upgradeSpec(g) as { doc: any; diagnostics: { message: string }[] };
    expect(up.doc.projections.map((p: any) => p.plastic)).to.deep.equal(['threeFactor', 'none', 'delta', 'none']);
    const note = up.diagnostics.map((d) => d.message).join('\n');
    for (const id of ['ah', 'hr', 'ar']) expect(note).to.contain(`projection "${id}"`);
    expect(note).not.to.contain('projection "hh"');
  });

  it('a 0.9 spec that already has timesteps keeps them: steps does not overwrite it, and the stray steps is a located error', () => {
    const s = example('srsnn-small');
    s.irVersion = '0.9';
    s.steps = s.timesteps + 5;
    const v = validateSpec(s, 'old.json');
    expect(errors(v.diagnostics).map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.unknownField, '/steps']]);
    const up = upgradeSpec(s) as { doc: any };
    expect([up.doc.timesteps, up.doc.steps]).to.deep.equal([s.timesteps, s.timesteps + 5]);
  });

  it('an unknown irVersion is a clear error at /irVersion', () => {
    const s = example('srsnn-small');
    s.irVersion = '7.3';
    const e = check(s);
    expect(e).to.have.length(1);
    expect(e[0]).to.include({ code: Codes.unsupportedVersion, pointer: '/irVersion', found: '"7.3"' });
    expect(e[0].expected).to.contain('"1.0"');
  });
});

describe('ir: docs/spec-format.md', () => {
  it('every JSON example in the page is a valid spec', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { ROOT } = await import('./helpers.js');
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'spec-format.md'), 'utf8');
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).to.be.greaterThan(0);
    for (const b of blocks) expect(errors(validateSpec(JSON.parse(b), 'doc.json').diagnostics)).to.deep.equal([]);
  });
});
