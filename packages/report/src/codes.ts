/**
 * Codes of @snnc/report: none. Report pages return text and never refuse; the commands that write
 * them report through the CLI. Kept so every package has its catalogue (test/src/codes.test.ts).
 */
export const catalogue: Readonly<Record<string, string>> = {};
