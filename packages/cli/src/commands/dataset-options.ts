/**
 * The dataset encoder's options of the commands that present a dataset as `snnc train` presents
 * its first epoch (`snnc verify --dataset`, `snnc emulate --dataset`): one definition of the flags,
 * their help and the rules that warn when they cannot apply, so that the two commands cannot drift.
 */
import type { Command } from 'commander';
import { defaultAugmentShift, MAX_SHIFT, RATE_CODES, type RateCode } from '@snnc/datasets';
import { choiceOption, intOption, numberOption, type IgnoredOption } from '../util.js';

export interface DatasetEncoderOptions {
  maxRate?: number;
  rateCode?: RateCode;
  augmentShift?: number;
}

/** --max-rate, --rate-code and --augment-shift, with snnc train's defaults. */
export function datasetEncoderFlags(cmd: Command): Command {
  return cmd
    .option('--max-rate <p>', 'rate encoder: spike probability of a full-intensity pixel (default as snnc train)', numberOption(0, 1))
    .option('--rate-code <code>', 'rate encoder: bernoulli or regular; default as snnc train --rate-code (regular for fashion-mnist)', choiceOption(RATE_CODES))
    .option('--augment-shift <px>', `--dataset: move the training samples as snnc train --augment-shift does in its first epoch (0..${MAX_SHIFT}; default as snnc train: ${defaultAugmentShift('mnist')} for mnist (presented at once or by rows), else 0)`, intOption(0, MAX_SHIFT));
}

/** Warnings (ignoredOptions) for those flags where they cannot apply: without --dataset, or with another encoder than rate. */
export const DATASET_ENCODER_IGNORED: readonly IgnoredOption[] = [
  ['maxRate', 'dataset', 'it scales the rate encoder of dataset samples', 'without'],
  ['rateCode', 'dataset', 'it chooses the rate encoder\'s code for dataset samples', 'without'],
  ['maxRate', 'encoder', 'only the rate encoder has a spike rate', 'unless', 'rate'],
  ['rateCode', 'encoder', 'only the rate encoder has a rate code', 'unless', 'rate'],
  ['augmentShift', 'dataset', 'it moves dataset images', 'without'],
];

/** The flags given, as the library options of datasetInputs (absent ones left to its defaults). */
export function datasetEncoderOptions(o: DatasetEncoderOptions): DatasetEncoderOptions {
  return {
    ...(o.maxRate !== undefined ? { maxRate: o.maxRate } : {}),
    ...(o.rateCode !== undefined ? { rateCode: o.rateCode } : {}),
    ...(o.augmentShift !== undefined ? { augmentShift: o.augmentShift } : {}),
  };
}
