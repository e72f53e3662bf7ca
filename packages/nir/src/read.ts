/**
 * .nir (HDF5) -> NirGraph. Checks what the file itself must get right: the root `node` group of
 * type NIRGraph, `nodes` and `edges`, every node's `type` and its parameters (presence, numeric
 * type, rank). Old files are accepted with a warning where NIR's own reader defaults a field
 * (v_reset = 0, w_in = 1); shapes are checked later along the edges (shapes.ts).
 * Every diagnostic is located at the HDF5 path of the node (`file#/node/nodes/<name>/<param>`).
 */
import { describeHead, describeReadError, diag, LIMITS, pointerJoin, readInputBytes, warning, withinLimit, type Diagnostic } from '@snnc/common';
import { NirCodes } from './codes.js';
import { h5, hdf5Detail, hdf5StartDiagnostic, readValue, quietHdf5, type H5 } from './h5.js';
import { NIR_NODE_TYPES, scalarTensor, type NirFileNodeType, type NirGraph, type NirNode, type NirTensor } from './types.js';

/** Required parameters per node type (optional ones with their NIR default in DEFAULTS). */
const REQUIRED: Record<Exclude<NirFileNodeType, 'NIRGraph'>, string[]> = {
  Input: ['shape'],
  Output: [],
  Affine: ['weight', 'bias'],
  Linear: ['weight'],
  Scale: ['scale'],
  Threshold: ['threshold'],
  Delay: ['delay'],
  I: ['r'],
  IF: ['r', 'v_threshold'],
  LI: ['tau', 'r', 'v_leak'],
  LIF: ['tau', 'r', 'v_leak', 'v_threshold'],
  CubaLI: ['tau_syn', 'tau_mem', 'r', 'v_leak'],
  CubaLIF: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold'],
  Conv1d: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'],
  Conv2d: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'],
  SumPool2d: ['kernel_size', 'stride', 'padding'],
  AvgPool2d: ['kernel_size', 'stride', 'padding'],
  Flatten: ['start_dim', 'end_dim'],
};

/** Fields NIR's reader fills in when a file (often an older one) lacks them: [field, like, value]. */
const DEFAULTS: Partial<Record<NirFileNodeType, [string, string, number][]>> = {
  IF: [['v_reset', 'v_threshold', 0]],
  LIF: [['v_reset', 'v_threshold', 0]],
  CubaLIF: [['v_reset', 'v_threshold', 0], ['w_in', 'v_threshold', 1]],
  CubaLI: [['w_in', 'v_leak', 1]],
};

/** Rank of a parameter where NIR fixes it. */
const RANK: Record<string, Partial<Record<NirFileNodeType, number>>> = {
  weight: { Affine: 2, Linear: 2, Conv1d: 3, Conv2d: 4 },
  bias: { Affine: 1 },
};

/**
 * Parameters that are sizes, strides, paddings or dimensions: whole numbers with a least value
 * (as PyTorch and NIR's own constructors require). Without this check a stride of 1.5 became 2
 * in the generated conv2d, a pooling kernel of 0 or a negative stride imported as no synapses
 * with exit 0, and a stride of 0 surfaced as an edge "giving Infinity" inputs.
 */
const WHOLE: Partial<Record<NirFileNodeType, Record<string, number>>> = {
  Input: { shape: 1 },
  Conv1d: { stride: 1, padding: 0, dilation: 1, groups: 1, input_shape: 1 },
  Conv2d: { stride: 1, padding: 0, dilation: 1, groups: 1, input_shape: 1 },
  SumPool2d: { kernel_size: 1, stride: 1, padding: 0 },
  AvgPool2d: { kernel_size: 1, stride: 1, padding: 0 },
  Flatten: { start_dim: -Infinity, end_dim: -Infinity, input_type: 1 },
};

/** Parameters that may be fractional but not below a least value: a delay is a time (a negative one was dropped in silence). */
const AT_LEAST: Partial<Record<NirFileNodeType, Record<string, number>>> = {
  Delay: { delay: 0 },
};

/** Parameters that are time constants: +Infinity means no decay (every other parameter must be finite). */
const TIME_CONSTANTS: ReadonlySet<string> = new Set(['tau', 'tau_mem', 'tau_syn']);
const IGNORED = new Set(['type', 'metadata', 'output_type', 'input_type']);

export interface ReadResult {
  graph?: NirGraph;
  diagnostics: Diagnostic[];
}

export async function readNirFile(file: string): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  let bytes: Buffer;
  try {
    // the signature alone: h5wasm opens the file by its path, so its bytes were read whole (2 GB
    // for a 2 GB file, NIR or not) only to look at the first 8 (the size limit is still checked)
    bytes = Buffer.from(readInputBytes(file, LIMITS.binaryFileBytes, { head: { bytes: 8, accept: () => false } }));
  } catch (e) {
    return { diagnostics: [diag(NirCodes.fileUnreadable, `the file ${describeReadError(e)}`, { file, pointer: '', expected: 'a readable .nir (HDF5) file' })] };
  }
  // HDF5 files start with an 8-byte signature; checking it first keeps h5wasm from ever seeing text.
  const SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || SIG.some((b, i) => bytes[i] !== b)) {
    return { diagnostics: [diag(NirCodes.notHdf5, 'not an HDF5 file (no HDF5 signature)', { file, pointer: '', expected: 'the HDF5 signature \\x89HDF\\r\\n\\x1a\\n', found: describeHead(bytes) })] };
  }
  let lib: H5;
  try {
    lib = await h5();
  } catch (e) {
    return { diagnostics: [hdf5StartDiagnostic(e, file)] };
  }
  return quietHdf5(() => readOpened(lib, file, diagnostics));
}

function readOpened(lib: H5, file: string, diagnostics: Diagnostic[]): ReadResult {
  let f: InstanceType<H5['File']> | null = null;
  try {
    f = new lib.File(file, 'r');
    if (!f.file_id || f.file_id < 0n) throw new Error('open failed');
  } catch (e) {
    return { diagnostics: [diag(NirCodes.notHdf5, `the HDF5 file cannot be opened (truncated or corrupt): ${hdf5Detail((e as Error).message)}`, { file, pointer: '', expected: 'a complete HDF5 file' })] };
  }
  try {
    const version = stringOf(lib, f.get('version'));
    if (version === null) diagnostics.push(warning(NirCodes.defaulted, 'the file has no NIR version; reading it as the newest layout', { file, pointer: '/version' }));
    const root = f.get('node');
    if (!(root instanceof lib.Group)) {
      diagnostics.push(diag(NirCodes.missingGroup, 'no root group "node"', { file, pointer: '/node', expected: 'group "node" of type NIRGraph', found: root === null ? 'nothing' : 'a non-group' }));
      return { diagnostics };
    }
    const rootType = stringOf(lib, root.get('type'));
    if (rootType !== 'NIRGraph') {
      diagnostics.push(diag(NirCodes.missingGroup, 'the root node is not a NIRGraph', { file, pointer: '/node/type', expected: '"NIRGraph"', found: rootType === null ? 'no type' : JSON.stringify(rootType) }));
      return { diagnostics };
    }
    const nodes: NirNode[] = [];
    const edges: [string, string][] = [];
    readGraph(lib, root, '', '/node', file, nodes, edges, diagnostics, { depth: 0, groups: 0, elements: 0 });
    // a refusal for size ends the read: what was read before it (per-node notes) is only noise
    if (diagnostics.some((d) => d.code === NirCodes.tooLarge)) return { diagnostics: diagnostics.filter((d) => d.code === NirCodes.tooLarge) };
    nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    return { graph: { version: version ?? '', nodes, edges }, diagnostics };
  } catch (e) {
    // h5wasm raises on corrupt B-trees or truncated chunks deep inside a read.
    diagnostics.push(diag(NirCodes.notHdf5, `the HDF5 file is corrupt or truncated: ${hdf5Detail((e as Error).message)}`, { file, pointer: '', expected: 'a complete HDF5 file' }));
    return { diagnostics };
  } finally {
    try {
      f.close();
    } catch {
      /* closing a broken file can fail too; nothing is left to release */
    }
  }
}

function stringOf(lib: H5, entity: unknown): string | null {
  if (!(entity instanceof lib.Dataset)) return null;
  const v = readValue(entity.value, entity.shape);
  return v && v.kind === 'string' && v.strings.length === 1 ? v.strings[0] : null;
}

/** Reads one NIRGraph group; nested graphs are flattened into `nodes` with `prefix`. */
/**
 * What a read has spent, checked against LIMITS before each group and each dataset: HDF5 hard
 * links can form cycles (a graph that contains itself) and a dataset can declare a shape far
 * larger than its stored chunks.
 */
interface Budget {
  depth: number;
  groups: number;
  elements: number;
}

function overBudget(b: Budget, file: string, pointer: string, diagnostics: Diagnostic[]): boolean {
  if (b.depth <= LIMITS.nirDepth && b.groups <= LIMITS.nirGroups) return false;
  const depth = b.depth > LIMITS.nirDepth;
  diagnostics.push(diag(NirCodes.tooLarge, depth ? 'NIR graphs nest too deep (an HDF5 link cycle?)' : 'the NIR file has too many groups (an HDF5 link cycle?)', {
    file, pointer, expected: withinLimit(depth ? 'nirDepth' : 'nirGroups', depth ? 'nested graphs' : 'groups'), found: depth ? `more than ${LIMITS.nirDepth} nested graphs` : `more than ${LIMITS.nirGroups} groups`,
  }));
  return true;
}

function readGraph(lib: H5, g: InstanceType<H5['Group']>, prefix: string, path: string, file: string, nodes: NirNode[], edges: [string, string][], diagnostics: Diagnostic[], budget: Budget): void {
  if (overBudget(budget, file, path, diagnostics)) return;
  const nodesGroup = g.get('nodes');
  if (!(nodesGroup instanceof lib.Group)) {
    diagnostics.push(diag(NirCodes.missingGroup, `graph ${prefix ? `"${prefix.slice(0, -1)}" ` : ''}has no "nodes" group`, { file, pointer: pointerJoin(path, 'nodes'), expected: 'a group with one subgroup per node' }));
    return;
  }
  const local = new Map<string, { type: NirFileNodeType; inputs: string[]; outputs: string[] }>();
  // nodes present but refused above: their edges are not reported again as naming no node
  const refused = new Set<string>();
  for (const name of [...nodesGroup.keys()].sort()) {
    if (++budget.groups > LIMITS.nirGroups) {
      overBudget(budget, file, pointerJoin(path, 'nodes', name), diagnostics);
      return;
    }
    const ng = nodesGroup.get(name);
    const npath = pointerJoin(path, 'nodes', name);
    if (!(ng instanceof lib.Group)) {
      diagnostics.push(diag(NirCodes.missingGroup, `node "${prefix + name}" is not a group`, { file, pointer: npath, expected: 'a group with "type" and parameters' }));
      refused.add(name);
      continue;
    }
    const type = stringOf(lib, ng.get('type'));
    if (type === null || !(NIR_NODE_TYPES as readonly string[]).includes(type)) {
      diagnostics.push(diag(NirCodes.unknownNodeType, `node "${prefix + name}" has ${type === null ? 'no type' : `unknown type "${type}"`}`, {
        file, pointer: pointerJoin(npath, 'type'), expected: `one of ${NIR_NODE_TYPES.join(', ')}`, found: type === null ? 'no "type" string' : JSON.stringify(type),
      }));
      refused.add(name);
      continue;
    }
    const t = type as NirFileNodeType;
    if (t === 'NIRGraph') {
      const before = nodes.length;
      budget.depth++;
      readGraph(lib, ng, `${prefix}${name}.`, npath, file, nodes, edges, diagnostics, budget);
      budget.depth--;
      if (diagnostics.some((d) => d.code === NirCodes.tooLarge)) return;
      const inner = nodes.slice(before);
      local.set(name, {
        type: t,
        inputs: inner.filter((n) => n.params.__io?.data[0] === 1).map((n) => n.name),
        outputs: inner.filter((n) => n.params.__io?.data[0] === 2).map((n) => n.name),
      });
      continue;
    }
    const node = readNode(lib, ng, t, prefix + name, npath, file, diagnostics, budget);
    if (!node) {
      refused.add(name);
      continue;
    }
    // A nested graph's Input/Output are pass-throughs in the flattened graph.
    if (prefix && (t === 'Input' || t === 'Output')) {
      node.params.__io = scalarTensor(t === 'Input' ? 1 : 2);
      node.type = 'Identity';
    }
    nodes.push(node);
    local.set(name, { type: t, inputs: [node.name], outputs: [node.name] });
  }
  const edgeSet = g.get('edges');
  const epath = pointerJoin(path, 'edges');
  if (!(edgeSet instanceof lib.Dataset)) {
    diagnostics.push(diag(NirCodes.missingGroup, `graph ${prefix ? `"${prefix.slice(0, -1)}" ` : ''}has no "edges" dataset`, { file, pointer: epath, expected: 'an N x 2 string dataset' }));
    return;
  }
  const v = readValue(edgeSet.value, edgeSet.shape);
  const n = v?.kind === 'string' ? v.strings.length : -1;
  if (!v || v.kind !== 'string' || n % 2 !== 0 || (v.shape.length === 2 && v.shape[1] !== 2) || (n > 0 && v.shape.length !== 2)) {
    diagnostics.push(diag(NirCodes.badEdge, 'edges must be an N x 2 dataset of node names', { file, pointer: epath, expected: 'N x 2 strings', found: v ? `${v.kind} dataset of shape [${v.shape.join(', ')}]` : 'unreadable data' }));
    return;
  }
  const seen = new Set<string>();
  for (let e = 0; e < n / 2; e++) {
    const [src, dst] = [v.strings[2 * e], v.strings[2 * e + 1]];
    const ends: string[][] = [];
    for (const [end, role] of [[src, 'outputs'], [dst, 'inputs']] as const) {
      const entry = local.get(end);
      const qualified = prefix + end;
      if (entry) ends.push(entry[role]);
      else if (nodes.some((x) => x.name === qualified)) ends.push([qualified]);
      else if (!refused.has(end)) {
        diagnostics.push(diag(NirCodes.badEdge, `edge ${e} refers to "${end}", which is not a node of this graph`, {
          file, pointer: pointerJoin(epath, e), expected: 'the name of a node in "nodes"', found: JSON.stringify(end),
        }));
      }
    }
    if (ends.length !== 2) continue;
    for (const a of ends[0]) {
      for (const b of ends[1]) {
        const key = `${a}\u0000${b}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push([a, b]);
      }
    }
  }
}

function readNode(lib: H5, g: InstanceType<H5['Group']>, type: Exclude<NirFileNodeType, 'NIRGraph'>, name: string, path: string, file: string, diagnostics: Diagnostic[], budget: Budget): NirNode | null {
  const params: Record<string, NirTensor> = {};
  let ok = true;
  for (const key of [...g.keys()].sort()) {
    if (IGNORED.has(key) && !(type === 'Flatten' && key === 'input_type')) continue;
    let ds = g.get(key);
    // newer NIR writes input_type as a group {input: shape}
    if (key === 'input_type' && ds instanceof lib.Group) ds = ds.keys().includes('input') ? ds.get('input') : null;
    if (!(ds instanceof lib.Dataset)) continue;
    // the declared shape, checked before a single element is read
    const elements = (ds.shape ?? []).reduce((a, x) => a * Number(x), 1);
    if (elements > LIMITS.nirParameterElements || budget.elements + elements > LIMITS.nirTotalElements) {
      const one = elements > LIMITS.nirParameterElements;
      diagnostics.push(diag(NirCodes.tooLarge, `node "${name}": parameter "${key}" is too large to read`, {
        file, pointer: pointerJoin(path, key),
        expected: one ? withinLimit('nirParameterElements', 'elements') : withinLimit('nirTotalElements', 'elements in all parameters'),
        found: one ? `shape [${(ds.shape ?? []).join(', ')}] = ${elements} elements` : `${budget.elements + elements} elements so far`,
      }));
      return null;
    }
    budget.elements += elements;
    const v = readValue(ds.value, ds.shape);
    if (!v || v.kind !== 'number') {
      ok = false;
      diagnostics.push(diag(NirCodes.wrongParameterType, `node "${name}": parameter "${key}" is not numeric`, { file, pointer: pointerJoin(path, key), expected: 'a numeric dataset', found: v ? 'strings' : 'unreadable data' }));
      continue;
    }
    // NaN never; an infinity only as a time constant's +Infinity (no decay): an infinite weight,
    // bias or threshold reached the generated spec as null, refused there at the receiving node
    // ("expected number, found number"), and a tau of -Infinity passed as no decay
    const infinite = TIME_CONSTANTS.has(key) ? (x: number) => x === -Infinity : (x: number) => !Number.isFinite(x);
    for (let i = 0; i < v.data.length; i++) {
      const x = v.data[i];
      if (Number.isNaN(x) || infinite(x)) {
        ok = false;
        diagnostics.push(diag(NirCodes.wrongParameterType, `node "${name}": parameter "${key}" contains ${x}`, {
          file, pointer: pointerJoin(path, key), expected: TIME_CONSTANTS.has(key) ? 'numbers (a time constant may be +Infinity: no decay)' : 'finite numbers', found: `${x} at flat index ${i}`,
        }));
        break;
      }
    }
    params[key] = { shape: v.shape, data: v.data };
  }
  for (const key of REQUIRED[type]) {
    if (!params[key]) {
      ok = false;
      diagnostics.push(diag(NirCodes.missingParameter, `node "${name}" (${type}) lacks parameter "${key}"`, { file, pointer: pointerJoin(path, key), expected: `datasets ${REQUIRED[type].map((k) => `"${k}"`).join(', ')}`, found: `${Object.keys(params).map((k) => `"${k}"`).join(', ') || 'none'}` }));
    }
  }
  for (const [key, ranks] of Object.entries(RANK)) {
    const want = ranks[type];
    if (want !== undefined && params[key] && params[key].shape.length !== want) {
      ok = false;
      diagnostics.push(diag(NirCodes.shapeMismatch, `node "${name}" (${type}): "${key}" must have rank ${want}`, { file, pointer: pointerJoin(path, key), expected: `rank ${want}`, found: `shape [${params[key].shape.join(', ')}]` }));
    }
  }
  // (after the checks above: a NaN already refused is not refused again here)
  for (const [table, whole] of ok ? [[WHOLE, true], [AT_LEAST, false]] as const : []) {
    for (const [key, min] of Object.entries(table[type] ?? {})) {
      const p = params[key];
      const i = p ? p.data.findIndex((x) => !(x >= min) || (whole && !Number.isInteger(x))) : -1;
      if (i < 0) continue;
      ok = false;
      const what = whole ? (min === -Infinity ? 'whole numbers' : `whole numbers >= ${min}`) : `numbers >= ${min}`;
      diagnostics.push(diag(NirCodes.parameterRange, `node "${name}" (${type}): "${key}" must be ${what}`, {
        file, pointer: pointerJoin(path, key), expected: what, found: `${p!.data[i]} at flat index ${i}`,
      }));
    }
  }
  if (!ok) return null;
  for (const [key, like, value] of DEFAULTS[type] ?? []) {
    if (params[key] || !params[like]) continue;
    params[key] = { shape: [...params[like].shape], data: new Float64Array(params[like].data.length).fill(value) };
    diagnostics.push(warning(NirCodes.defaulted, `node "${name}" (${type}) has no "${key}" (older NIR file): using ${value}`, { file, pointer: pointerJoin(path, key) }));
  }
  return { name, type, params, path };
}
