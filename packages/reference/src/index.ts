export * from './fixed.js';
export * from './topology.js';
export * from './learning.js';
export { SalLearning } from './sal.js';
export * from './simulator.js';
export { referenceBudget, referenceTables, REFERENCE_BUDGET_CODE, type ReferenceTable } from './budget.js';
export type { RunnerCounters, SampleResultLike, SampleRunner } from '@snnc/common';
export { createFloatSimulator, type FloatSimulatorOptions } from './float/simulator.js';
