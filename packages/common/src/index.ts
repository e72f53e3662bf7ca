export * from './diagnostics.js';
export * from './rng.js';
export * from './files.js';
export * from './output.js';
export * from './stats.js';
export * from './probe.js';
export * from './overflow.js';
