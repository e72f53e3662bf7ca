import type { CodeCatalogue } from '@snnc/common';

/**
 * Codes of @snnc/reference. The simulators refuse a malformed network with ir's codes
 * (checkNetwork; the float twin's Graph with checkStructure and the same SNNC28xx codes); their
 * own refusal is of a network whose tables would not fit (budget.ts).
 */
export const catalogue: CodeCatalogue = {
  SNNC2830: "the reference simulator's delay ring, per-class step records, SAL or causal-eligibility history (sized by products of network fields) would not fit one array or the machine's memory",
};
