import type { CodeCatalogue } from '@snnc/common';

/**
 * Codes of @snnc/reference: none of its own. The simulators refuse a network with ir's codes
 * (checkNetwork; the float twin's Graph with checkStructure and the same SNNC28xx codes).
 */
export const catalogue: CodeCatalogue = {};
