export { compileNetwork, type CompileResult } from './compile.js';
export { readoutOf, type Readout } from './management.js';
