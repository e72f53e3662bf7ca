import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/training: checkpoints (SNNC510x) and training sessions (SNNC511x). */
export const catalogue: CodeCatalogue = {
  SNNC5101: 'checkpoint file unreadable',
  SNNC5102: 'not a checkpoint (bad magic)',
  SNNC5103: 'unsupported checkpoint version',
  SNNC5104: 'corrupted checkpoint (checksum or framing)',
  SNNC5105: 'the checkpoint was recorded for another network (the recompiled network differs)',
  SNNC5106: 'checkpoint arrays of the wrong shape',
  SNNC5107: 'checkpoint header malformed (located by JSON pointer)',
  SNNC5108: 'checkpoint values outside their ranges',
  SNNC5109: 'checkpoint of format 2.0 upgraded: encoder parameters it lacks given the values training used then (note)',
  SNNC5110: 'the network does not learn: training needs learning.enabled and plastic projections',
  SNNC5111: "the dataset's encoding does not fit the network's input",
  SNNC5112: 'the readout codes fewer classes than the dataset has',
  SNNC5113: 'float64 training needs the float simulator factory',
  SNNC5114: 'a learning-rate schedule is malformed (entries, range)',
  SNNC5115: 'a resumed run would not continue its checkpoint (epochs, schedule, training shift, parts)',
  SNNC5116: 'the trained network predicts otherwise on the chip emulator than in the reference simulator (a defect of snnc)',
  SNNC5117: "the dataset holds other samples than the copy the checkpoint's run trained on (its digest; resume refuses, evaluate warns)",
  SNNC5118: "a checkpoint's counts disagree: its learning epochs are not its epochs x train samples, or its curve has not one entry per epoch (an edited record)",
};
