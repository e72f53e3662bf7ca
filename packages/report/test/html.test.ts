import { expect } from 'chai';
import { htmlPage, lineChart, table } from '../src/index.js';
import { xmlProblems } from './xml-check.js';

describe('table', () => {
  it('escapes every cell and header and formats numbers', () => {
    const html = table(['name', '<&">'], [['a<b', 1 / 3], [null, 42], ['x', NaN]], { caption: 'c&d', digits: 3 });
    expect(xmlProblems(html)).to.deep.equal([]);
    expect(html).to.include('<th>&lt;&amp;&quot;&gt;</th>');
    expect(html).to.include('<td>a&lt;b</td><td class="num">0.333</td>');
    expect(html).to.include('<td></td><td class="num">42</td>');
    expect(html).to.include('<td class="num">NaN</td>');
    expect(html).to.include('<caption>c&amp;d</caption>');
  });
});

describe('htmlPage', () => {
  const page = () =>
    htmlPage({
      title: 'Report <1> & "2"',
      subtitle: 'snnc report --in run.json',
      sections: [
        { heading: 'Curves', html: lineChart({ title: 'acc', xLabel: 'e', yLabel: 'a', series: [{ name: 's', points: [[0, 1], [1, 2]] }] }) },
        { heading: 'Table', html: table(['a'], [[1]]) },
        { heading: 'Table', html: '<p>again</p>' },
      ],
    });
  it('is a well-formed, self-contained document', () => {
    const html = page();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).to.equal(true);
    expect(xmlProblems(html)).to.deep.equal([]);
    expect(html).to.not.match(/<script|<link|@import|url\(|src=/i);
    // The only absolute URL allowed is the SVG namespace name, which is never fetched.
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).to.not.match(/https?:/);
    expect(html).to.include('<title>Report &lt;1&gt; &amp; &quot;2&quot;</title>');
  });
  it('gives sections unique anchors and a table of contents', () => {
    const html = page();
    expect(html).to.include('<section id="table">');
    expect(html).to.include('<section id="table-2">');
    expect(html).to.include('<a href="#table-2">Table</a>');
  });
  it('is byte-identical across calls (no timestamps)', () => {
    expect(page()).to.equal(page());
  });
});
