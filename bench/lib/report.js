// @ts-check
/**
 * The results table: each metric for Roundtable, the reference and
 * Hocuspocus, Roundtable's ratio to each, and the targets.
 */

/** @typedef {number | string | null} Value */
/** @typedef {{ roundtable?: Value, reference?: Value, hocuspocus?: Value }} Values */

/**
 * @typedef {object} Row
 * @property {string} metric
 * @property {Value} roundtable
 * @property {Value} reference
 * @property {Value} hocuspocus
 * @property {number | null} ratio Roundtable / reference
 * @property {number | null} ratioHocuspocus Roundtable / Hocuspocus
 * @property {string} [target]
 * @property {boolean | null} [met]
 * @property {number} [digits]
 */

/** @param {Value | undefined} a @param {Value | undefined} b */
const ratioOf = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

/**
 * @param {string} metric
 * @param {Values} values
 * @param {{ digits?: number, target?: { text: string, met: (r: { ref: number | null, hp: number | null }) => boolean | null } }} [options]
 *   `met` gets Roundtable's ratios to the reference and to Hocuspocus (null where a value is missing);
 *   it returns null for a target it cannot judge (a server it compares with was not measured)
 * @returns {Row}
 */
export function row(metric, values, { digits = 1, target } = {}) {
  const ratio = ratioOf(values.roundtable, values.reference);
  const ratioHocuspocus = ratioOf(values.roundtable, values.hocuspocus);
  return {
    metric,
    roundtable: values.roundtable ?? null,
    reference: values.reference ?? null,
    hocuspocus: values.hocuspocus ?? null,
    ratio,
    ratioHocuspocus,
    target: target?.text,
    met: target ? target.met({ ref: ratio, hp: ratioHocuspocus }) : null,
    digits,
  };
}

/** @param {number | string | null} value @param {number} digits */
function show(value, digits) {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** @param {number | null | undefined} ratio */
const showRatio = (ratio) => (ratio === null || ratio === undefined ? '—' : `${ratio.toFixed(2)}×`);

const HEADER = ['Metric', 'Roundtable', 'Reference', 'Hocuspocus', 'RT/ref', 'RT/HP', 'Target', 'Met'];

/** @param {Row} r @param {boolean} markdown */
function cellsOf(r, markdown) {
  const digits = r.digits ?? 1;
  const met = r.met === null || r.met === undefined ? '' : r.met ? 'met' : markdown ? '**not met**' : 'NOT MET';
  return [
    r.metric,
    show(r.roundtable, digits),
    show(r.reference, digits),
    show(r.hocuspocus, digits),
    showRatio(r.ratio),
    showRatio(r.ratioHocuspocus),
    r.target ?? '',
    met,
  ];
}

/**
 * Renders rows as an aligned text table.
 * @param {readonly Row[]} rows
 */
export function formatTable(rows) {
  const cells = rows.map((r) => cellsOf(r, false));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (/** @type {string[]} */ c) =>
    c
      .map((v, i) => (i === 0 || i >= 6 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADER), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/**
 * Renders rows as a Markdown table (for docs/BENCHMARKS.md).
 * @param {readonly Row[]} rows
 */
export function formatMarkdown(rows) {
  const lines = [`| ${HEADER.join(' | ')} |`, '|---|---:|---:|---:|---:|---:|---|---|'];
  for (const r of rows) lines.push(`| ${cellsOf(r, true).join(' | ')} |`);
  return lines.join('\n');
}
