/**
 * HTML output: escaped tables and a complete single-file page with inline CSS. Pages contain no
 * scripts, no external stylesheets or fonts and no timestamps, so a report is reproducible byte
 * for byte and opens offline.
 */
import { escapeHtml, num } from './format.js';

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  caption?: string;
  /** Decimals for non-integer numbers (default 4). */
  digits?: number;
}

/** An HTML table; every cell is escaped, numbers are right-aligned with fixed decimals. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const digits = options.digits ?? 4;
  const out: string[] = ['<table>'];
  if (options.caption) out.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  out.push('<thead><tr>' + (headers ?? []).map((h) => `<th>${escapeHtml(h)}</th>`).join('') + '</tr></thead>');
  out.push('<tbody>');
  for (const row of rows ?? []) {
    out.push('<tr>' + (row ?? []).map((c) => cell(c, digits)).join('') + '</tr>');
  }
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

function cell(c: Cell, digits: number): string {
  if (typeof c === 'number') {
    const s = Number.isNaN(c) ? 'NaN' : !Number.isFinite(c) ? (c > 0 ? 'Inf' : '-Inf') : Number.isInteger(c) ? String(c) : num(c, digits);
    return `<td class="num">${s}</td>`;
  }
  return `<td>${escapeHtml(c === null || c === undefined ? '' : String(c))}</td>`;
}

export interface PageSection {
  heading: string;
  /** Trusted markup (an SVG from this package, a table(), or escaped text). */
  html: string;
}

export interface PageSpec {
  title: string;
  sections: readonly PageSection[];
  /** Optional escaped paragraph under the title, e.g. the command that produced the report. */
  subtitle?: string;
}

const CSS = `
body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; border-bottom: 2px solid #1f63b4; padding-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; }
nav ul { list-style: none; padding-left: 0; }
nav li { display: inline-block; margin-right: 1.2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
th { background: #f0f3f8; text-align: left; }
td.num { text-align: right; font-family: monospace; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
svg { max-width: 100%; height: auto; }
`.trim();

/** A complete HTML5 document; section ids are slugs of the headings, made unique in order. */
export function htmlPage(spec: PageSpec): string {
  const sections = spec.sections ?? [];
  const ids = uniqueSlugs(sections.map((s) => s.heading));
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeHtml(spec.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(spec.title)}</h1>`,
  ];
  if (spec.subtitle) out.push(`<p>${escapeHtml(spec.subtitle)}</p>`);
  if (sections.length > 1) {
    out.push('<nav><ul>');
    sections.forEach((s, i) => out.push(`<li><a href="#${ids[i]}">${escapeHtml(s.heading)}</a></li>`));
    out.push('</ul></nav>');
  }
  sections.forEach((s, i) => {
    out.push(`<section id="${ids[i]}">`, `<h2>${escapeHtml(s.heading)}</h2>`, s.html ?? '', '</section>');
  });
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

function uniqueSlugs(headings: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((h) => {
    const base = String(h ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n + 1}`;
  });
}
