import { expect } from 'chai';
import { withFeedbackRule } from '../src/index.js';

describe('training: --feedback (withFeedbackRule, §5.10)', () => {
  const spec = JSON.stringify({ name: 'x', learning: { enabled: true, feedbackRulePerLayer: [{ rule: 'fixed' }] } });
  it('sets learning.feedbackRule for every pathway and drops feedbackRulePerLayer', () => {
    const out = JSON.parse(withFeedbackRule(spec, { rule: 'sal', eta: 0.2, lambdaS: 0.5 }));
    expect(out.learning).to.deep.equal({ enabled: true, feedbackRule: { rule: 'sal', eta: 0.2, lambdaS: 0.5 } });
    expect(out.name).to.equal('x');
    expect(JSON.parse(withFeedbackRule(spec, { rule: 'fixed', eta: 3 })).learning.feedbackRule).to.deep.equal({ rule: 'fixed' });
  });
  it('leaves a text without learning, or that does not parse, unchanged (compile reports it)', () => {
    expect(withFeedbackRule('{"name": "x"}', { rule: 'sal' })).to.equal('{"name": "x"}');
    expect(withFeedbackRule('{"name": ', { rule: 'sal' })).to.equal('{"name": ');
  });
});
