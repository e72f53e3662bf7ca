import { expect } from 'chai';
import fc from 'fast-check';
import { escapeHtml, num, formatValue } from '../src/index.js';
import { unescapeXml } from './xml-check.js';
import { niceTicks } from '../src/scale.js';
import { decimalsForStep, formatPercent } from '../src/format.js';

describe('escapeHtml', () => {
  it('escapes the markup characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).to.equal('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });
  it('never leaves a markup character and round-trips printable text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const e = escapeHtml(s);
        expect(e).to.not.match(/[<>"']/);
        expect(e.replace(/&(amp|lt|gt|quot|#39);/g, '')).to.not.include('&');
        // eslint-disable-next-line no-control-regex -- the XML-illegal control characters escapeHtml drops
        expect(unescapeXml(e)).to.equal(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
      }),
    );
  });
  it('turns null/undefined into empty text rather than "undefined"', () => {
    expect(escapeHtml(undefined)).to.equal('');
    expect(escapeHtml(null)).to.equal('');
  });
});

describe('number formatting', () => {
  it('uses fixed precision, trims zeros and normalises -0', () => {
    expect(num(12.5)).to.equal('12.5');
    expect(num(1 / 3)).to.equal('0.33');
    expect(num(-0.0001)).to.equal('0');
    expect(num(2)).to.equal('2');
    expect(num(NaN)).to.equal('0');
    expect(formatValue(NaN)).to.equal('NaN');
    expect(formatValue(1234567)).to.equal('1.23e+6');
  });
  it('switches to exponent form exactly where three decimals stop showing the value: below 1e-3 and from 1e6 on', () => {
    // with three decimals 0.0004 would print as 0 and 0.0005 as 0.001
    expect([formatValue(0.001), formatValue(0.0004), formatValue(0.0005)]).to.deep.equal(['0.001', '4.00e-4', '5.00e-4']);
    expect([formatValue(999999), formatValue(1e6), formatValue(-1e6)]).to.deep.equal(['999999', '1.00e+6', '-1.00e+6']);
    expect([formatValue(0), formatValue(Infinity), formatValue(-Infinity)]).to.deep.equal(['0', 'Inf', '-Inf']);
  });
  it('writes a fraction as a percentage with one decimal', () => {
    expect([formatPercent(0.4567), formatPercent(1), formatPercent(0.00049), formatPercent(NaN)]).to.deep.equal(['45.7%', '100%', '0%', 'n/a']);
  });
  it('chooses enough decimals to tell tick steps apart', () => {
    expect(decimalsForStep(0.25)).to.equal(2);
    expect(decimalsForStep(0.1)).to.equal(1);
    expect(decimalsForStep(5)).to.equal(0);
    expect(decimalsForStep(0.002)).to.equal(3);
  });
});

describe('niceTicks', () => {
  it('covers the extent with 1/2/5 x 10^k steps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (min, span) => {
          const t = niceTicks({ min, max: min + span }, 5);
          // Within float noise (1e-9 of a step, the tolerance niceTicks allows itself).
          const eps = 1e-8 * t.step + 1e-12 * Math.abs(min);
          expect(t.lo).to.be.at.most(min + eps);
          expect(t.hi).to.be.at.least(min + span - eps);
          const mant = t.step / Math.pow(10, Math.floor(Math.log10(t.step) + 1e-12));
          expect([1, 2, 5, 10].some((m) => Math.abs(mant - m) < 1e-6)).to.equal(true);
          expect(t.values.length).to.be.within(2, 30);
        },
      ),
    );
  });
});
