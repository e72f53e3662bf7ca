export * from './diagnostics.js';
export * from './rng.js';
export * from './files.js';
