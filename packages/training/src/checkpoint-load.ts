import { describeReadError, diag, hasErrors, readInputBytes, type Diagnostic } from '@snnc/common';
import { compile } from '@snnc/driver';
import { DataCode, gradedInputOptions } from '@snnc/datasets';
import { hasGradedInput, hashNetwork, validateTarget, type LoweredNetwork, type Target } from '@snnc/ir';
import type { SimulatorSnapshot } from '@snnc/reference';
import { CheckpointCode, decodeCheckpoint, startsLikeCheckpoint, type Checkpoint } from './checkpoint.js';
import { checkSnapshotRanges } from './checkpoint-ranges.js';
import { runEncoding } from './checkpoint-encoding.js';

/**
 * Loading a checkpoint: the decoded bytes (checkpoint.ts) held against the network its embedded spec
 * recompiles to for its embedded target (the hash it recorded, the arrays' shapes and ranges, the
 * encoding its input takes), its run's encoder parameters upgraded or checked complete, and the
 * trained network built. What `snnc evaluate` and `snnc train --resume` read.
 */

/**
 * The embedded spec's diagnostics name its recorded file (`specName`), which the user may not have:
 * located in the checkpoint instead, at its /specText, with the spec's own pointer in the message.
 */
export function inEmbeddedSpec(ds: readonly Diagnostic[], specName: string, file: string | undefined): Diagnostic[] {
  if (file === undefined) return [...ds];
  return ds.map((d) => (d.file === undefined || d.file === specName
    ? { ...d, file, pointer: '/specText', message: `the spec embedded in the checkpoint (recorded as ${specName}${d.pointer ? `, at ${d.pointer}` : ''}): ${d.message}` }
    : d));
}

/**
 * The checkpoint's target, validated (an older target version upgraded, as a target file is), its
 * diagnostics located in the checkpoint: `file#/target/targetVersion`, one JSON Pointer into the
 * header (they were given the file `file#/target` and printed as `file#/target#/targetVersion`).
 */
export function checkpointTarget(target: unknown, file?: string): { target?: Target; diagnostics: Diagnostic[] } {
  const t = validateTarget(target, file);
  const located = t.diagnostics.map((d) => (d.file === file ? { ...d, pointer: `/target${d.pointer ?? ''}` } : d));
  return t.target ? { target: t.target, diagnostics: located } : { diagnostics: located };
}

/**
 * Recompile the checkpoint's spec for its target and check that it is the network the checkpoint
 * was trained on (same hash) and that every array fits it. Returns the untrained network.
 */
export function checkpointBaseNetwork(ck: Checkpoint, file?: string): { network?: LoweredNetwork; diagnostics: Diagnostic[] } {
  const h = ck.header;
  const diagnostics: Diagnostic[] = [];
  const t = checkpointTarget(h.target, file);
  if (!t.target) return { diagnostics: t.diagnostics };
  const low = compile({ text: h.specText, name: h.specName }, t.target, { stage: 'network' });
  if (!low.network) return { diagnostics: inEmbeddedSpec(low.graph ? low.diagnostics.filter((d) => d.severity === 'error') : low.diagnostics, h.specName, file) };
  const hash = hashNetwork(low.network);
  if (hash !== h.networkHash) {
    diagnostics.push(
      diag(CheckpointCode.networkMismatch, `the checkpoint was trained on another network than its spec now compiles to`, {
        file,
        pointer: '/networkHash',
        expected: h.networkHash.slice(0, 16),
        found: hash.slice(0, 16),
        fix: 'retrain with this snnc (`snnc train`), or use the snnc version that wrote the checkpoint',
      }),
    );
    return { diagnostics };
  }
  const net = low.network;
  const graded = checkGradedEncoding(net, h.run.encoding, file);
  if (graded.length) return { diagnostics: graded };
  const s = ck.snapshot;
  const total = net.populations.reduce((a, p) => a + p.size, 0);
  const blocks = net.learning?.modulatory ?? [];
  const bad =
    s.weights.length !== net.projections.length ||
    s.weights.some((w, k) => w.length !== net.projections[k].weight.length) ||
    s.vth.length !== total ||
    s.sbar.length !== total ||
    s.m.length !== blocks.length ||
    s.m.some((m, k) => m.length !== blocks[k].m) ||
    (s.wmh !== undefined && (s.wmh.length !== blocks.length || s.wmh.some((w, k) => w.length !== blocks[k].Wmh.length)));
  // a pathway that learns its decoder (SAL, §5.10) was trained with it: the checkpoint must hold it
  const sal = blocks.filter((b) => b.sal).length;
  if (bad || (sal > 0 && s.wmh === undefined))
    return {
      diagnostics: [
        diag(CheckpointCode.shape, 'checkpoint arrays do not fit the network', {
          file,
          pointer: '/arrays',
          expected: `${net.projections.length} projections, ${total} neurons${sal > 0 ? `, the decoders wmh/0..${blocks.length - 1} of its ${sal} learned feedback pathway(s)` : ''}`,
          ...(sal > 0 && s.wmh === undefined ? { found: 'no wmh arrays' } : {}),
        }),
      ],
    };
  const ranges = checkSnapshotRanges(net, s, h.arrays, file);
  if (ranges.length) return { diagnostics: ranges };
  return { network: net, diagnostics };
}

/**
 * §2.4: the run's encoding must be the one training gives the network's input (session.ts): a
 * graded input is fed values (rate or rows, graded: 1), a plain input never is. A checkpoint that says
 * otherwise would be evaluated, compiled or continued on rasters it was not trained on.
 */
function checkGradedEncoding(net: LoweredNetwork, encoding: { name: string; params: Record<string, number> }, file: string | undefined): Diagnostic[] {
  const value = encoding.params.graded;
  const fix = 'use the checkpoint `snnc train` wrote';
  if (hasGradedInput(net)) {
    const g = gradedInputOptions(encoding.name);
    if (g.diagnostic) return [{ ...g.diagnostic, file, pointer: '/run/encoding/name', fix }];
    if (value !== 1)
      return [diag(DataCode.GradedEncoder, `the network's input is graded (docs/semantics.md §2.4), and the checkpoint's ${encoding.name} encoding does not write the values (graded: 1) its training fed it`, {
        file, pointer: '/run/encoding/params/graded', expected: '1 (the values `snnc train` feeds a graded input)', found: value === undefined ? 'absent' : String(value), fix,
      })];
  } else if (value !== undefined && value !== 0) {
    return [diag(CheckpointCode.header, `the checkpoint's encoding writes graded values, and the network's input is not graded (docs/semantics.md §2.4)`, {
      file, pointer: '/run/encoding/params/graded', expected: '0 or absent (`snnc train` feeds bits to a plain input)', found: String(value), fix,
    })];
  }
  return [];
}

/** The lowered network with the trained weights in place (e.g. for NIR export or compilation). */
export function trainedNetwork(base: LoweredNetwork, snap: SimulatorSnapshot): LoweredNetwork {
  const wmh = snap.wmh;
  const learning = base.learning && wmh ? { ...base.learning, modulatory: base.learning.modulatory.map((b, k) => ({ ...b, Wmh: Int8Array.from(wmh[k]) })) } : base.learning;
  return { ...base, learning, projections: base.projections.map((p, k) => ({ ...p, weight: Int16Array.from(snap.weights[k]) })) };
}

export interface LoadedCheckpoint extends Checkpoint {
  /** the untrained network (what the simulator is constructed from before restore) */
  base: LoweredNetwork;
  /** the network with trained weights applied */
  network: LoweredNetwork;
}

/**
 * Decode + verify against the recompiled spec; the run's encoder parameters upgraded (format 2.0)
 * or checked complete (checkpoint-encoding.ts), so that evaluating or resuming it presents what
 * training did.
 */
export function loadCheckpointBytes(bytes: Uint8Array, file?: string): { checkpoint?: LoadedCheckpoint; diagnostics: Diagnostic[] } {
  const d = decodeCheckpoint(bytes, file);
  if (!d.checkpoint) return { diagnostics: d.diagnostics };
  const b = checkpointBaseNetwork(d.checkpoint, file);
  if (!b.network || hasErrors(b.diagnostics)) return { diagnostics: b.diagnostics };
  const e = runEncoding(d.checkpoint, b.network, file);
  const diagnostics = [...b.diagnostics, ...e.diagnostics];
  if (!e.encoding) return { diagnostics };
  const h = d.checkpoint.header;
  const header = { ...h, run: { ...h.run, encoding: e.encoding } };
  return { checkpoint: { ...d.checkpoint, header, base: b.network, network: trainedNetwork(b.network, d.checkpoint.snapshot) }, diagnostics };
}

/** Read, decode and verify a checkpoint file; `file` is reported as given. */
export function loadCheckpoint(file: string): { checkpoint?: LoadedCheckpoint; diagnostics: Diagnostic[] } {
  let bytes: Uint8Array;
  try {
    // not a checkpoint: refused from its first bytes (a 2 GB file was read whole to say "not an snnc checkpoint")
    bytes = readInputBytes(file, undefined, { head: { bytes: 16, accept: startsLikeCheckpoint } });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostics: [
        diag(CheckpointCode.unreadable, code === 'ENOENT' ? 'no such checkpoint file' : `the checkpoint file ${describeReadError(e)}`, {
          file,
          pointer: '',
          expected: 'a checkpoint written by `snnc train` (e.g. snnc-out/checkpoint.snnck)',
        }),
      ],
    };
  }
  return loadCheckpointBytes(bytes, file);
}
