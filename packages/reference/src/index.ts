export * from './fixed.js';
export * from './topology.js';
export * from './learning.js';
export * from './simulator.js';
export * from './runner.js';
