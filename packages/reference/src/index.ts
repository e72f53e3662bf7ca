export * from './fixed.js';
export * from './topology.js';
export * from './learning.js';
export * from './simulator.js';
export * from './runner.js';
export * from './training/index.js';
export { createFloatSimulator, type FloatSimulatorOptions } from './float/simulator.js';
