export { compileNetwork, type CodegenResult } from './compile.js';
export { readoutOf, type Readout } from './management.js';
