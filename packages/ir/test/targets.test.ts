import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { pointerGet } from '@snnc/common';
import { Codes, listTargets, loadTarget, validateSchema, validateTarget } from '../src/index.js';
import { ROOT } from './helpers.js';

describe('ir: targets', () => {
  it('lists the four shipped targets', () => {
    expect(listTargets()).to.include.members(['loihi1', 'loihi2', 'test-tiny', 'test-multichip']);
  });

  for (const name of ['loihi1', 'loihi2', 'test-tiny', 'test-multichip']) {
    it(`${name}: validates against target.schema.json and is consistent`, () => {
      const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', `${name}.json`), 'utf8'));
      expect(validateSchema('target', doc, name)).to.deep.equal([]);
      const r = loadTarget(name);
      expect(r.diagnostics).to.deep.equal([]);
      const t = r.target!;
      expect(t.name).to.equal(name);
      expect(t.chip.cores).to.equal(t.chip.meshX * t.chip.meshY * t.chip.coresPerTile);
      // Every source and every unverified entry points at a value of the file.
      for (const p of [...Object.keys(t.sources), ...t.unverified]) expect(pointerGet(t, p), p).to.not.equal(undefined);
    });
  }

  it('hardware targets carry their source for every number and list the unverified ones', () => {
    for (const name of ['loihi1', 'loihi2']) {
      const t = loadTarget(name).target!;
      for (const section of ['chip', 'core', 'formats', 'synapseEncoding', 'learning'] as const) {
        for (const key of Object.keys(t[section])) expect(t.sources, `${name} /${section}/${key}`).to.have.property(`/${section}/${key}`);
      }
      expect(t.unverified.length).to.be.greaterThan(0);
    }
    const l1 = loadTarget('loihi1').target!;
    expect(l1.core).to.include({ maxCompartments: 1024, maxInputAxons: 4096, maxOutputAxons: 4096, synapseMemoryBits: 1048576, maxCompartmentConfigs: 32 });
    expect(l1.formats.neuronModels).to.deep.equal(['cuba']);
    expect(l1.cost.energyPJ.synapticOp).to.equal(23.6);
    expect(loadTarget('loihi2').target!.formats.neuronModels).to.deep.equal(['srlif', 'cuba']);
  });

  it('test-multichip is tight enough that one chip holds fewer than 100 neurons', () => {
    const t = loadTarget('test-multichip').target!;
    expect(t.chip.cores * t.core.maxCompartments).to.be.lessThan(100);
    expect(t.system.maxChips).to.be.greaterThan(1);
  });

  it('an inconsistent or unknown target is a diagnostic, not a throw', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    doc.chip.cores = 9;
    const r = validateTarget(doc, 'x.json');
    expect(r.target).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: Codes.targetInconsistent, pointer: '/chip/cores', expected: '8' });
    const u = loadTarget('loihi9');
    expect(u.diagnostics[0].code).to.equal(Codes.unknownTarget);
    expect(u.diagnostics[0].expected).to.contain('loihi2');
    delete doc.core;
    expect(validateTarget(doc).diagnostics[0]).to.include({ code: Codes.missingField, pointer: '/core' });
  });

  it('reads decayBits, learning.tagBits and chip.managementCores: 12-bit decays, one tag per plastic synapse, a management core for learning', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    expect(validateTarget(doc).target).to.not.equal(undefined);
    const narrow = structuredClone(doc);
    narrow.formats.decayBits = 8;
    expect(validateTarget(narrow).diagnostics[0]).to.include({ code: Codes.targetInconsistent, pointer: '/formats/decayBits', expected: '12', found: '8' });
    const tag = structuredClone(doc);
    tag.learning.tagBits = tag.synapseEncoding.tagBits + 1;
    expect(validateTarget(tag).diagnostics[0]).to.include({ code: Codes.targetInconsistent, pointer: '/learning/tagBits' });
    tag.learning.supported = false;
    expect(validateTarget(tag).target).to.not.equal(undefined);
    const noManager = structuredClone(doc);
    noManager.chip.managementCores = 0;
    expect(validateTarget(noManager).diagnostics[0]).to.include({ code: Codes.targetInconsistent, pointer: '/chip/managementCores', expected: '>= 1' });
  });

  it('targetVersion 1.1 has no learning.traceBits; a 1.0 document (which had it) is upgraded with a note', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'loihi1.json'), 'utf8'));
    expect(doc.targetVersion).to.equal('1.1');
    // the 1.0 form of the same target: traceBits with its source, as targets/loihi1.json had it
    const old = structuredClone(doc);
    old.targetVersion = '1.0';
    old.learning.traceBits = 7;
    old.sources['/learning/traceBits'] = 'LOIHI.md: traces are 7-bit with first-order decay';
    old.unverified.push('/learning/traceBits');
    const up = validateTarget(old, 'old.json');
    expect(up.target, JSON.stringify(up.diagnostics)).to.not.equal(undefined);
    expect(up.diagnostics.map((d) => [d.code, d.severity, d.pointer])).to.deep.equal([[Codes.upgraded, 'note', '/targetVersion']]);
    expect(up.target).to.deep.equal(doc);
    expect(old.learning.traceBits, 'the caller\'s document is not modified').to.equal(7);
    // the field is gone from the format: a 1.1 document carrying it is refused
    const stale = structuredClone(doc);
    stale.learning.traceBits = 7;
    expect(validateTarget(stale).diagnostics[0]).to.include({ code: Codes.unknownField, pointer: '/learning/traceBits' });
    const unknown = structuredClone(doc);
    unknown.targetVersion = '0.5';
    expect(validateTarget(unknown).diagnostics[0]).to.include({ code: Codes.unsupportedVersion, pointer: '/targetVersion' });
  });
});
