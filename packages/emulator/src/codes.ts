import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/emulator: run inputs (SNNC420x), state snapshots (SNNC421x) and threads (SNNC422x). */
export const catalogue: CodeCatalogue = {
  SNNC4201: 'input raster of the wrong type or length (T x inputs, 1..MAX_SAMPLE_STEPS steps)',
  SNNC4202: 'label is not a class of this image',
  SNNC4203: 'training requested but the image has no learning program',
  SNNC4211: 'not an emulator state snapshot (bad magic or too short)',
  SNNC4212: 'unsupported snapshot version',
  SNNC4213: 'corrupted snapshot: checksum mismatch',
  SNNC4214: 'snapshot taken from another chip image, or of another shape',
  SNNC4215: 'snapshot state outside its ranges (threshold, rate estimate, weight bits, static synapse, modulatory state)',
  SNNC4216: 'snapshot of an emulator whose image synapse memory was released at load (no checksum to bind it to)',
  SNNC4217: 'a state in network order (a trained checkpoint\'s) that does not fit the image: sizes or ranges',
  SNNC4221: 'threads must be a whole number from 1 to the image\'s cores (one share of cores per thread)',
  SNNC4222: 'an image with SAL feedback (§5.10) runs on one thread',
  SNNC4223: 'the emulator\'s delay lines, SAL or causal-eligibility buffers (sized by products of image fields) would not fit the machine\'s memory',
};
