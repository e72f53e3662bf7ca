import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codes as IrCodes, loadTarget } from '@snnc/ir';
import { CHECKPOINT_UPGRADED_CODE, CheckpointCode, checkpointBaseNetwork, decodeCheckpoint, loadCheckpointBytes } from '../src/index.js';
import { rewrite } from './hostile-checkpoint.test.js';

/**
 * Checkpoints embed their target. test/fixtures/target-1.0.snnck holds the bytes of a checkpoint
 * written before target format 1.1 (by the code at 2b89d24, the tiny synthetic network of
 * hostile-checkpoint.test.ts on loihi2): its target is targetVersion 1.0 with learning.traceBits.
 * It must still load, through the target upgrader (ir/src/upgrade.ts), to the same network.
 *
 * It was not written by `snnc train` but by that test's helper, whose hand-made run record said one
 * epoch over the untrained state (learningEpoch 0, an empty curve): counts no training run ever
 * wrote, which the reader refuses since (checkpoint-counts.ts; the last test). The file is kept as
 * written, and read with its record's epochs made those of its state (0).
 */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');

describe('a checkpoint written before target format 1.1', () => {
  const written = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'target-1.0.snnck')));
  const bytes = rewrite(written, (h) => { (h.run as Record<string, unknown>).epochs = 0; });

  it('carries a 1.0 target with learning.traceBits (the fixture is the old bytes)', () => {
    const d = decodeCheckpoint(bytes, 'old.snnck');
    expect(d.diagnostics).to.deep.equal([]);
    const t = d.checkpoint!.header.target as unknown as { targetVersion: string; learning: Record<string, unknown> };
    expect(t.targetVersion).to.equal('1.0');
    expect(t.learning.traceBits).to.equal(7);
  });

  it('loads: its target is upgraded and the spec recompiles to the recorded network hash', () => {
    const r = loadCheckpointBytes(bytes, 'old.snnck');
    expect(r.checkpoint, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    expect(r.checkpoint!.base.projections.length).to.be.greaterThan(0);
    const b = checkpointBaseNetwork(r.checkpoint!, 'old.snnck');
    expect(b.network).to.not.equal(undefined);
  });

  it("is checkpoint format 2.0 and records no encoder parameter: it loads with the values training used (maxRate 1, not the encoder's default 0.5), noted", () => {
    expect(new DataView(written.buffer, written.byteOffset).getUint16(10, true)).to.equal(0);
    expect(decodeCheckpoint(bytes).checkpoint!.header.run.encoding).to.deep.equal({ name: 'rate', params: {} });
    const r = loadCheckpointBytes(bytes, 'old.snnck');
    expect(r.checkpoint!.header.run.encoding).to.deep.equal({ name: 'rate', params: { steps: 8, maxRate: 1, seed: 0 } });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.pointer])).to.deep.equal([[CHECKPOINT_UPGRADED_CODE, 'note', '/run/encoding/params']]);
  });

  it('can fail: the same target without the upgrade (1.1 with traceBits) is refused', () => {
    const d = decodeCheckpoint(bytes, 'old.snnck').checkpoint!;
    const target = { ...d.header.target, targetVersion: '1.1' } as typeof d.header.target;
    const r = checkpointBaseNetwork({ ...d, header: { ...d.header, target } }, 'old.snnck');
    expect(r.network).to.equal(undefined);
    // located in the checkpoint, one JSON Pointer (it was old.snnck#/target#/learning/traceBits)
    expect(r.diagnostics[0]).to.include({ code: IrCodes.unknownField, file: 'old.snnck', pointer: '/target/learning/traceBits' });
  });

  it('its upgraded target is the shipped loihi2', () => {
    const d = decodeCheckpoint(bytes, 'old.snnck').checkpoint!;
    const { learning, ...rest } = d.header.target as unknown as { learning: Record<string, unknown> } & Record<string, unknown>;
    const { traceBits: _gone, ...learning11 } = learning;
    const sources = { ...(rest.sources as Record<string, string>) };
    delete sources['/learning/traceBits'];
    const upgraded = { ...rest, targetVersion: '1.1', learning: learning11, sources, unverified: (rest.unverified as string[]).filter((p) => p !== '/learning/traceBits') };
    // the shipped loihi2 without what was added to format 1.1 later, as an optional field: formats.gradedInputSpikes (§2.4, 2026-12-07)
    const shipped = structuredClone(loadTarget('loihi2').target!) as unknown as { formats: Record<string, unknown>; sources: Record<string, string>; unverified: string[] };
    delete shipped.formats.gradedInputSpikes;
    delete shipped.sources['/formats/gradedInputSpikes'];
    shipped.unverified = shipped.unverified.filter((p) => p !== '/formats/gradedInputSpikes');
    expect(upgraded).to.deep.equal(shipped);
  });

  it("as written, its helper's record is refused: one epoch that neither its state nor its curve has", () => {
    const d = decodeCheckpoint(written, 'old.snnck');
    expect(d.checkpoint).to.equal(undefined);
    expect(d.diagnostics).to.have.length(1);
    expect(d.diagnostics[0]).to.include({ code: CheckpointCode.counts, file: 'old.snnck', pointer: '/run/epochs', found: '1' });
    expect(d.diagnostics[0].expected).to.equal("0 (the curve's entries; /learningEpoch 0 / /run/trainSamples 1)");
  });
});
