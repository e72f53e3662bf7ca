import { expect } from 'chai';
import { xmlProblems } from './xml-check.js';

// The checker guards every other test in this package, so it must itself reject bad markup.
describe('xml-check (test helper)', () => {
  it('accepts a well-formed document', () => {
    expect(xmlProblems('<svg a="1"><g><rect b="x &amp; y"/></g><text>a &lt; b</text></svg>\n')).to.deep.equal([]);
  });
  for (const bad of [
    '<svg><g></svg>',
    '<svg></g></svg>',
    '<svg>a & b</svg>',
    '<svg a=1></svg>',
    '<svg a="1" a="2"></svg>',
    '<svg a="x<y"></svg>',
    '<svg></svg><svg></svg>',
    '<svg>x > y</svg>',
    '<svg><g>',
  ]) {
    it(`rejects ${bad}`, () => expect(xmlProblems(bad)).to.not.be.empty);
  }
});
