/**
 * A small structural XML check for tests: every '<' opens a well-formed tag or a comment /
 * doctype, attributes are quoted and unique, '&' only starts a known entity, tags nest and
 * balance, and there is exactly one root element. Returns the list of problems (empty = ok).
 */
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const TAG = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>/;
const ATTR = /([A-Za-z_:][\w:.-]*)="([^"<]*)"/g;

export function xmlProblems(doc: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const checkAmp = (s: string, where: number) => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) {
      if (!ENTITY.test(s.slice(k))) problems.push(`bare '&' at ${where + k}`);
    }
  };
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const textEnd = lt < 0 ? doc.length : lt;
    const txt = doc.slice(i, textEnd);
    checkAmp(txt, i);
    if (txt.includes('>')) problems.push(`bare '>' in text at ${i}`);
    if (stack.length === 0 && txt.trim() !== '') problems.push(`text outside the root at ${i}`);
    if (lt < 0) break;
    const rest = doc.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = doc.indexOf('-->', lt);
      if (end < 0) return [...problems, 'unterminated comment'];
      i = end + 3;
      continue;
    }
    if (/^<!DOCTYPE [^<>]*>/i.test(rest)) {
      if (lt !== 0) problems.push('doctype not at start');
      i = lt + rest.indexOf('>') + 1;
      continue;
    }
    const m = TAG.exec(rest);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${rest.slice(0, 40)}`);
      i = lt + 1;
      continue;
    }
    const [whole, close, name, attrText, selfClose] = m;
    const names = new Set<string>();
    for (const a of attrText.matchAll(ATTR)) {
      if (names.has(a[1])) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      names.add(a[1]);
      checkAmp(a[2], lt);
    }
    if (close) {
      if (attrText || selfClose) problems.push(`bad closing tag </${name}>`);
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${lt}`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) {
      roots++;
    }
    i = lt + whole.length;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

/** Decode the five predefined entities and numeric references (for round-trip tests). */
export function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** Every attribute value in the document, for checks such as "no NaN in coordinates". */
export function attributeValues(doc: string): string[] {
  return [...doc.matchAll(/\s[A-Za-z_:][\w:.-]*="([^"]*)"/g)].map((m) => m[1]);
}
