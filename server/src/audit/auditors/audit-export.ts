import { stringify } from 'csv-stringify/sync';
import type { AuditDetails, CheckpointJson } from '../trail/audit-chain';
import type { AuditExportEntry } from './audit-event.mapper';

/** An export the auditor downloads as a file. */
export interface AuditAttachment {
  filename: string;
  contentType: string;
  body: string;
}

export type AuditExportFormat = 'csv' | 'json';

/** The JSON export: the entries with their hashes and the newest signed checkpoint, to cross-check. */
export interface AuditJsonExport {
  format: 'roundtable-audit-export/v1';
  exportedAt: string;
  filters: AuditDetails;
  count: number;
  /** Key id of the checkpoint signing key (GET /api/audit/public-key). */
  publicKeyId: string;
  /** The newest checkpoint when the export was read: entries up to its treeSize are vouched for by it. */
  latestCheckpoint: CheckpointJson | null;
  /** Oldest first. */
  entries: AuditExportEntry[];
}

/** CSV columns, in order. `details` is the entry's JSON. */
export const CSV_COLUMNS = [
  'seq',
  'occurredAt',
  'type',
  'outcome',
  'actorUserId',
  'actorDisplayName',
  'actorAgency',
  'meetingId',
  'meetingReference',
  'subjectType',
  'subjectId',
  'details',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditExportEntry)[];

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a cell a spreadsheet would evaluate with `'`, so it shows as text. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: AuditExportEntry[keyof AuditExportEntry]): string {
  if (value === null) return '';
  return neutraliseFormula(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** UTF-8 CSV with a byte-order mark (spreadsheets need it to read names correctly) and CRLF rows (RFC 4180). */
export function toCsv(entries: readonly AuditExportEntry[]): string {
  return stringify(
    entries.map((entry) => CSV_COLUMNS.map((column) => csvCell(entry[column]))),
    { header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: 'windows' },
  );
}

/** e.g. roundtable-audit-2026-03-02T130500Z.csv */
export function exportFilename(exportedAt: string, format: AuditExportFormat): string {
  return `roundtable-audit-${exportedAt.slice(0, 19).replaceAll(':', '')}Z.${format}`;
}

export function toAttachment(exported: AuditJsonExport, format: AuditExportFormat): AuditAttachment {
  const filename = exportFilename(exported.exportedAt, format);
  return format === 'csv'
    ? { filename, contentType: 'text/csv; charset=utf-8', body: toCsv(exported.entries) }
    : { filename, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(exported, null, 2)}\n` };
}
