/**
 * NirGraph-like description -> .nir (HDF5), in the layout NIR's own reader expects (the layout of
 * the real 0.2.0 files in ../shared/nir plus v_reset/w_in, which newer readers read and older
 * ones ignore): root dataset `version`, group `node` with `type` = "NIRGraph", subgroup `nodes`
 * (one group per node with a `type` string and one dataset per parameter) and `edges` (N x 2
 * strings). Written through common's openAtomicOutput (temporary sibling, renamed), because h5wasm
 * writes through its own file layer.
 */
import { openAtomicOutput, type OutputOptions } from '@snnc/common';
import { h5 } from './h5.js';

export const NIR_FILE_VERSION = '0.2.0';

export type ParamValue = { shape: number[]; data: Float64Array; int?: boolean };

export interface WriteNode {
  name: string;
  type: string;
  params: Record<string, ParamValue>;
  /** for type "NIRGraph": the nested graph */
  subgraph?: { nodes: WriteNode[]; edges: [string, string][] };
}

export async function writeNirFile(file: string, nodes: WriteNode[], edges: [string, string][], options: OutputOptions = {}): Promise<void> {
  const lib = await h5();
  const out = openAtomicOutput(file, options);
  // HDF5 stamps object headers with the wall clock (emscripten's time() reads Date.now()). Pinning
  // the clock to the epoch for this synchronous write makes the same graph give the same bytes.
  const now = Date.now;
  Date.now = () => 0;
  let f: InstanceType<typeof lib.File> | null = null;
  try {
    f = new lib.File(out.tmp, 'w');
    f.create_dataset({ name: 'version', data: NIR_FILE_VERSION });
    writeGraph(f.create_group('node'), nodes, edges);
    f.close();
    f = null;
  } catch (e) {
    if (f) f.close();
    out.abandon();
    throw e;
  } finally {
    Date.now = now;
  }
  out.commit();
}

type H5Group = ReturnType<InstanceType<Awaited<ReturnType<typeof h5>>['File']>['create_group']>;

function writeGraph(root: H5Group, nodes: WriteNode[], edges: [string, string][]): void {
  root.create_dataset({ name: 'type', data: 'NIRGraph' });
  const ng = root.create_group('nodes');
  for (const n of [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const g = ng.create_group(n.name);
    if (n.subgraph) {
      writeGraph(g, n.subgraph.nodes, n.subgraph.edges);
      continue;
    }
    g.create_dataset({ name: 'type', data: n.type });
    for (const key of Object.keys(n.params).sort()) {
      const p = n.params[key];
      if (p.int) {
        const data = BigInt64Array.from(p.data, (x) => BigInt(Math.round(x)));
        g.create_dataset({ name: key, data: p.shape.length === 0 ? Number(data[0]) : data, shape: p.shape, dtype: '<q' });
      } else {
        const big = p.data.length >= 1024;
        g.create_dataset({ name: key, data: p.data, shape: p.shape, dtype: '<d', ...(big ? { compression: 'gzip' as const, compression_opts: 4, chunks: chunkOf(p.shape) } : {}) });
      }
    }
  }
  const flat: string[] = [];
  for (const [a, b] of edges) flat.push(a, b);
  root.create_dataset({ name: 'edges', data: flat, shape: [edges.length, 2] });
}

/** One chunk per leading row block of at most 64k elements (gzip needs chunked storage). */
function chunkOf(shape: number[]): number[] {
  const rest = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = Math.max(1, Math.min(shape[0] ?? 1, Math.floor(65536 / Math.max(1, rest))));
  return shape.length ? [rows, ...shape.slice(1)] : [];
}
