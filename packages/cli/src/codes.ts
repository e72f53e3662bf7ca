import type { CodeCatalogue } from '@snnc/common';

/**
 * Codes the CLI owns (docs/diagnostics.md is generated from this catalogue). The CLI also prints
 * codes of other packages (SNNC1001, SNNC3060, SNNC3070, SNNC5111): those are registered there.
 */
export const catalogue: CodeCatalogue = {
  SNNC1030: 'CLI: cannot write an output file',
  SNNC1031: 'CLI: --seed + --seeds - 1 leaves the 32-bit seed range',
  SNNC1032: 'CLI: the output path is a device, FIFO, socket or directory, or leads into /proc (-o /dev/stdout) (never replaced)',
  SNNC1033: "CLI: the output path is one of the command's inputs (never overwritten)",
  SNNC1034: 'CLI: an option needs another (usage error, exit 2)',
  SNNC1035: 'CLI: an option given is ignored because of another (warning)',
  SNNC1036: 'CLI: train --resume: an option the checkpoint fixes was given too (usage error, exit 2)',
  SNNC1037: 'CLI: train --resume: the checkpoints are not distinct seeds of one configuration',
  SNNC1038: "CLI: evaluate: the checkpoint's run has no samples of the part evaluated (test: give --test N)",
  SNNC4009: 'CLI: the chip image file cannot be read',
  SNNC4308: 'bench emulator: the benchmark network does not fit the target',
};
