/**
 * @snnc/driver: the one compile pipeline (spec -> graph -> lowered network -> placement -> chip
 * image) with one pass that maps diagnostics back to the spec, and the body of `snnc emulate`.
 * Every command, the trainer, the checkpoint recompile and NIR import compile through it.
 */
export { compile, type CompileOptions, type CompileResult, type CompileStage } from './compile.js';
export { locate } from './locate.js';
export { mapWith } from './map.js';
export { runEmulation, type EmulateOptions, type EmulateRun, type StepRecord } from './emulate.js';
export { estimateHeap, expansionRefusal, EXPANSION_BYTES_PER_SYNAPSE, heapRefusal, heapLimitBytes, HEAP_REFUSAL_CODE, MAX_SAMPLE_BYTES, HEAP_BYTES_PER_SYNAPSE, MEMORY_BYTES_PER_SYNAPSE, LOCAL_MEMORY_BYTES_PER_SYNAPSE, type MemoryEstimate } from './memory.js';
