import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_VERSION, CheckpointCode, decodeCheckpoint, loadCheckpointBytes } from '../src/index.js';
import { asFormat20, refusal, rewrite, tinyCheckpoint } from './hostile-checkpoint.test.js';

/**
 * The header's `/version` is the format major, as the prefix's bytes 8..9 say it
 * (checkHeaderVersion). It was never read: a header of a newer format was read field by field as if
 * it were this one's, and refused, if at all, at whatever field had changed, with the fix "use a
 * checkpoint written by snnc train" where the fix is a newer snnc.
 */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');

describe("a checkpoint header's format version", function () {
  this.timeout(20000);
  const good = tinyCheckpoint();

  it('is written as the format major, the prefix\'s', () => {
    const d = decodeCheckpoint(good).checkpoint!;
    expect(d.header.version).to.equal(CHECKPOINT_VERSION);
    expect(new DataView(good.buffer, good.byteOffset).getUint16(8, true)).to.equal(CHECKPOINT_VERSION);
  });

  it('a newer one is refused at /version, before its fields, with the fix a newer snnc (SNNC5103)', () => {
    // a newer header whose fields changed too: the version is what is said, not the first field it lacks
    const d = refusal(rewrite(good, (h) => { h.version = CHECKPOINT_VERSION + 1; delete h.learningEpoch; }));
    expect(d).to.include({ code: CheckpointCode.version, file: 'x.snnck', pointer: '/version', expected: `format ${CHECKPOINT_VERSION} or older`, found: String(CHECKPOINT_VERSION + 1) });
    expect(d.fix).to.equal(`upgrade snnc to one that reads checkpoint format ${CHECKPOINT_VERSION + 1} (a newer snnc wrote it)`);
  });

  it('a newer prefix is refused at byte 8 with the same fix; an older one with the fix to retrain', () => {
    for (const [major, fix] of [[CHECKPOINT_VERSION + 1, /^upgrade snnc/], [1, /^retrain/]] as const) {
      const b = Uint8Array.from(good);
      new DataView(b.buffer).setUint16(8, major, true);
      const d = decodeCheckpoint(b, 'x.snnck').diagnostics[0];
      expect(d).to.include({ code: CheckpointCode.version, offset: 8, found: `version ${major}.1` });
      expect(d.fix).to.match(fix);
    }
  });

  it('a known older file is accepted: format 2.0 (an older minor: its header says the same major), the historic fixture too', () => {
    const old = loadCheckpointBytes(asFormat20(good), 'x.snnck');
    expect(old.checkpoint?.minor).to.equal(0);
    expect(old.checkpoint!.header.version).to.equal(CHECKPOINT_VERSION);
    // written in 2026-12 by the code at 2b89d24 (checkpoint-upgrade.test.ts: its epochs made its state's)
    const written = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'target-1.0.snnck')));
    const fixture = loadCheckpointBytes(rewrite(written, (h) => { (h.run as Record<string, unknown>).epochs = 0; }), 'old.snnck');
    expect(fixture.checkpoint!.header.version).to.equal(2);
  });

  it('one that contradicts the prefix (older, absent, not a number) is refused at /version (SNNC5107)', () => {
    for (const v of [1, 0, undefined, '2', 2.5]) {
      const d = refusal(rewrite(good, (h) => { h.version = v; }));
      expect(d, String(v)).to.include({ code: CheckpointCode.header, pointer: '/version', expected: `${CHECKPOINT_VERSION}, the format major of bytes 8..9` });
    }
  });
});
