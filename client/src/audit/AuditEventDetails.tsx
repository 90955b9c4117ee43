/** A value from an entry's details as text: the trail holds ids, counts and codes, but nothing is assumed. */
function detailText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An entry's `details` as a compact key: value list. */
export function AuditEventDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="rt-secondary-text">None</span>;
  return (
    <dl className="rt-key-values rt-key-values--compact">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{detailText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
