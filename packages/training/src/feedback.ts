import { parseJsonText } from '@snnc/ir';

/**
 * `snnc train --feedback fixed|sal`: the spec text with `learning.feedbackRule` set for every
 * feedback pathway (docs/semantics.md §5.10; `feedbackRulePerLayer` is dropped). The checkpoint
 * records the edited text, so it recompiles to the network trained. A text that does not parse, or
 * has no `learning` object, is returned unchanged: compiling it reports the problem where it is.
 */
export interface FeedbackOverride {
  rule: 'fixed' | 'sal';
  eta?: number;
  leak?: number;
  lambdaS?: number;
}

export function withFeedbackRule(specText: string, o: FeedbackOverride): string {
  const parsed = parseJsonText(specText);
  if (parsed.diagnostics.length) return specText;
  const doc = parsed.value as { learning?: unknown } | null;
  if (!doc || typeof doc !== 'object' || !doc.learning || typeof doc.learning !== 'object') return specText;
  const { feedbackRulePerLayer: _drop, ...learning } = doc.learning as Record<string, unknown>;
  const rule: Record<string, unknown> = { rule: o.rule };
  if (o.rule === 'sal') {
    if (o.eta !== undefined) rule.eta = o.eta;
    if (o.leak !== undefined) rule.leak = o.leak;
    if (o.lambdaS !== undefined) rule.lambdaS = o.lambdaS;
  }
  return JSON.stringify({ ...doc, learning: { ...learning, feedbackRule: rule } }, null, 2) + '\n';
}
