export { Emulator, MAX_SAMPLE_STEPS, type EmulatorOptions } from './emulator.js';
export { loadImage, createEmulator, type LoadResult } from './load.js';
export { SNAPSHOT_MAGIC, SNAPSHOT_VERSION } from './snapshot.js';
export { loadNetworkState, readNetworkState, type NetworkOrderState } from './network-state.js';
export { PHASES, type Phase } from './cost.js';
export type * from './types.js';
export { PROGRESS_STEPS } from './types.js';
