import type { ReactNode } from 'react';

/** One column heading of a GOV.UK table. */
export interface TableColumn {
  /** The heading's text (or a short node, e.g. a number in the text). */
  label: ReactNode;
  /** Right-aligns the heading to sit over a column of numbers (`govuk-table__header--numeric`). */
  numeric?: boolean;
  /** Read out by screen readers but not shown, for a column of buttons or links that needs no visible heading. */
  visuallyHidden?: boolean;
}

/**
 * The `<thead>` of a GOV.UK table: one row of `scope="col"` headers.
 * A plain string is a column with that label. `false`, `null` and `undefined`
 * entries are skipped, so a column shown only sometimes can be written inline
 * (`canManage && { label: 'Remove', visuallyHidden: true }`).
 */
export function TableHead({ columns }: { columns: readonly (TableColumn | string | false | null | undefined)[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((entry, index) => {
          if (entry === false || entry === null || entry === undefined) return null;
          const column = typeof entry === 'string' ? { label: entry } : entry;
          return (
            // Headers hold no state, so their position is key enough.
            <th
              key={index}
              scope="col"
              className={column.numeric ? 'govuk-table__header govuk-table__header--numeric' : 'govuk-table__header'}
            >
              {column.visuallyHidden ? <span className="govuk-visually-hidden">{column.label}</span> : column.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
