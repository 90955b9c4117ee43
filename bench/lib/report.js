// @ts-check
/** The results table: each metric for Roundtable and the reference, their ratio, and the targets. */

/**
 * @typedef {object} Row
 * @property {string} metric
 * @property {number | string | null} roundtable
 * @property {number | string | null} reference
 * @property {number | null} [ratio] Roundtable / reference
 * @property {string} [target]
 * @property {boolean | null} [met]
 * @property {number} [digits]
 */

/**
 * @param {string} metric
 * @param {number | string | null | undefined} roundtable
 * @param {number | string | null | undefined} reference
 * @param {{ digits?: number, target?: { text: string, met: (ratio: number) => boolean } }} [options]
 * @returns {Row}
 */
export function row(metric, roundtable, reference, { digits = 1, target } = {}) {
  const ratio =
    typeof roundtable === 'number' && typeof reference === 'number' && reference > 0 ? roundtable / reference : null;
  return {
    metric,
    roundtable: roundtable ?? null,
    reference: reference ?? null,
    ratio,
    target: target?.text,
    met: target && ratio !== null ? target.met(ratio) : target ? false : null,
    digits,
  };
}

/** @param {number | string | null} value @param {number} digits */
function show(value, digits) {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Renders rows as an aligned text table.
 * @param {readonly Row[]} rows
 */
export function formatTable(rows) {
  const header = ['Metric', 'Roundtable', 'Reference', 'RT/ref', 'Target', 'Met'];
  const cells = rows.map((r) => [
    r.metric,
    show(r.roundtable, r.digits ?? 1),
    show(r.reference, r.digits ?? 1),
    r.ratio === null || r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.met === null || r.met === undefined ? '' : r.met ? 'met' : 'NOT MET',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (/** @type {string[]} */ c) =>
    c
      .map((v, i) => (i === 0 || i >= 4 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/**
 * Renders rows as a Markdown table (for docs/BENCHMARKS.md).
 * @param {readonly Row[]} rows
 */
export function formatMarkdown(rows) {
  const lines = ['| Metric | Roundtable | Reference | RT/ref | Target | Met |', '|---|---:|---:|---:|---|---|'];
  for (const r of rows) {
    const ratio = r.ratio === null || r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
    const met = r.met === null || r.met === undefined ? '' : r.met ? 'met' : '**not met**';
    lines.push(
      `| ${r.metric} | ${show(r.roundtable, r.digits ?? 1)} | ${show(r.reference, r.digits ?? 1)} | ${ratio} | ${r.target ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}
