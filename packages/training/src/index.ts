/**
 * @snnc/training: training on datasets with local learning only (the loop, the session, several
 * seeds) and the checkpoint format. The training report page is in @snnc/report.
 */
export * from './trainer.js';
export * from './checkpoint.js';
export * from './checkpoint-load.js';
export * from './checkpoint-encoding.js';
export * from './checkpoint-dataset.js';
export * from './session.js';
export * from './train-job.js';
export * from './seeds.js';
export * from './feedback.js';
export * from './alignment.js';
export * from './rate-schedule.js';
export * from './resume.js';
export * from './on-chip.js';
