import { expect } from 'chai';
import fc from 'fast-check';
import { CHECKPOINT_MAGIC, IMAGE_MAGIC, LIMITS, pointerGet } from '@snnc/common';
import { Codes, parseJsonText, parseSpec } from '../src/index.js';

/** Deep nesting and repeated keys (issue 12, hostile input 6): located, never a stack overflow. */
describe('ir: JSON depth and duplicate keys', function () {
  this.timeout(20000);

  it('100,000 nested brackets: a located SNNC1016, valid or not, never a stack overflow', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '['.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const r = parseSpec(text, 'deep.json');
      expect(r.diagnostics).to.have.length(1);
      expect(r.diagnostics[0]).to.include({ code: Codes.tooDeep, file: 'deep.json' });
      expect(r.diagnostics[0].pointer!.split('/').length - 1).to.equal(LIMITS.jsonDepth);
    }
  });

  it('nesting up to the limit is parsed', () => {
    const d = LIMITS.jsonDepth;
    expect(parseJsonText('['.repeat(d) + ']'.repeat(d)).diagnostics).to.deep.equal([]);
  });

  it('a repeated key is SNNC1013 at the pointer of its second occurrence, also inside arrays and with escapes', () => {
    const r = parseJsonText('{"a": [1, {"x": 1, "y": {"k": 2}, "\\u0078": 3}]}', 'd.json');
    expect(r.value).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: Codes.duplicateKey, pointer: '/a/1/x', file: 'd.json' });
    expect(parseJsonText('{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}').diagnostics).to.deep.equal([]);
  });

  it('property: a key repeated anywhere in a random document is found, with a pointer into the document', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, pick) => {
        const text = JSON.stringify(value);
        // documents without duplicates (JSON.stringify never writes one) parse unchanged
        const clean = parseJsonText(text);
        expect(clean.diagnostics).to.deep.equal([]);
        expect(clean.value).to.deep.equal(JSON.parse(text));
        // repeat the first key of the pick-th object with a non-empty key
        const objects: number[] = [];
        for (let i = 0; i < text.length; i++) if (text[i] === '{' && text[i + 1] === '"') objects.push(i);
        if (!objects.length) return;
        const at = objects[pick % objects.length];
        // "{"k":0,"k":...}: when the brace opened a real object, the edit repeats a key and JSON.parse
        // (last wins) gives the original value back; a brace inside a string changes the string
        const end = text.indexOf('":', at);
        const dup = text.slice(0, at + 1) + text.slice(at + 1, end + 2) + '0,' + text.slice(at + 1);
        let real: boolean;
        try {
          expect(JSON.parse(dup)).to.deep.equal(value);
          real = true;
        } catch {
          real = false;
        }
        const r = parseJsonText(dup);
        if (!real) return;
        expect(r.diagnostics).to.have.length(1);
        expect(r.diagnostics[0].code).to.equal(Codes.duplicateKey);
        expect(pointerGet(value, r.diagnostics[0].pointer!)).to.not.equal(undefined);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('a number beyond a double (1e999) is SNNC1017 at its pointer, with the number as written; finite numbers pass', () => {
    // before: JSON.parse read Infinity and the schema said 'expected number, found number (found null)'
    const r = parseSpec('{"irVersion": "1.0", "timesteps": 10, "neuron": {"alpha": [0.5, -1E+999]}}', 'n.json');
    expect(r.diagnostics).to.have.length(1);
    expect(r.diagnostics[0]).to.include({ code: Codes.numberOverflow, file: 'n.json', pointer: '/neuron/alpha/1', found: '-1E+999' });
    expect(parseJsonText('[' + '9'.repeat(400) + ']').diagnostics[0]).to.include({ code: Codes.numberOverflow, pointer: '/0' });
    // strings, huge finite and tiny numbers are not overflows
    expect(parseJsonText('{"1e999": "1e999", "a": [1.7e308, -1e-999, 0, -0.5e3]}').diagnostics).to.deep.equal([]);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(parseJsonText(JSON.stringify(v)).diagnostics).to.deep.equal([]);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('a chip image or a checkpoint given for a spec says what it is and which commands read it, not "JSON syntax error"', () => {
    for (const [magic, what, reader] of [[IMAGE_MAGIC, 'a chip image', 'snnc emulate'], [CHECKPOINT_MAGIC, 'a training checkpoint', 'snnc evaluate']]) {
      const d = parseSpec(magic + '\u0002\u0000\u0001\u0000binary', 'x.bin').diagnostics;
      expect(d).to.have.length(1);
      expect(d[0]).to.include({ code: Codes.binaryNotJson, file: 'x.bin', pointer: '', expected: 'a JSON document' });
      expect(d[0].message).to.contain(`this file is ${what}`).and.contain(reader);
    }
    // "SNNC" alone is no magic: still a syntax error
    expect(parseJsonText('SNNCXYZ!').diagnostics[0].code).to.equal(Codes.jsonSyntax);
  });
});

describe('ir: JSON syntax errors located (json-text.ts)', () => {
  /** [text, line, column, pointer, the reason] of the first error */
  const rows: [string, number, number, string, string][] = [
    ['{\n  "a": 1,\n  "b" 2\n}', 3, 7, '', "missing ':' after key \"b\""],
    ['"ab\ncd"', 1, 4, '', 'control character in string'],
    ['"a\u001fb"', 1, 3, '', 'control character in string'],
    ['{"a": 1,}', 1, 9, '', 'trailing comma in object'],
    ['[1,]', 1, 4, '', 'trailing comma in array'],
    ['{"a": 1 "b": 2}', 1, 9, '/a', 'missing comma or closing brace in object'],
    ['[1, 2 3]', 1, 7, '/1', 'missing comma or closing bracket in array'],
    ['["\\u012g"]', 1, 5, '/0', 'bad \\u escape'],
    ['[01]', 1, 3, '/0', 'missing comma or closing bracket in array'],
    ['{} x', 1, 4, '', 'unexpected text after the JSON value'],
    ['[1,\t2,,]', 1, 7, '/2', 'unexpected character'],
    ['"a\\tb" x', 1, 8, '', 'unexpected text after the JSON value'],
  ];
  it('line, column (1-based, a tab one column), pointer of the value being read and the reason', () => {
    for (const [text, line, column, pointer, why] of rows) {
      const d = parseJsonText(text).diagnostics;
      expect(d, JSON.stringify(text)).to.have.length(1);
      expect(d[0], JSON.stringify(text)).to.include({ code: Codes.jsonSyntax, pointer, message: `JSON syntax error at line ${line}, column ${column}: ${why}` });
    }
  });
  it('at the end of the text the found is "end of input"', () => {
    expect(parseJsonText('[1,').diagnostics[0]).to.include({ found: 'end of input', message: 'JSON syntax error at line 1, column 4: unexpected end of input' });
  });
  it('a byte-order mark before the document is accepted', () => {
    expect(parseJsonText('\ufeff{"a": 1}')).to.deep.equal({ value: { a: 1 }, diagnostics: [] });
  });
  it('of two repeated keys, or two overflowing numbers, the first in the text is the one reported', () => {
    expect(parseJsonText('{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}').diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.duplicateKey, '/a']]);
    expect(parseJsonText('[1e999, 2e999]').diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.numberOverflow, '/0']]);
  });
  it('a number of 310 digits without an exponent (10^309) overflows; 308 digits do not', () => {
    expect(parseJsonText('[1' + '0'.repeat(309) + ']').diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.numberOverflow, '/0']]);
    expect(parseJsonText('[1' + '0'.repeat(307) + ']').diagnostics).to.deep.equal([]);
  });
});
