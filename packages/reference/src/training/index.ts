/** Training on datasets with local learning only: the loop, checkpoints, the training report. */
export * from './trainer.js';
export * from './checkpoint.js';
export * from './session.js';
export * from './report.js';
export * from './seeds.js';
