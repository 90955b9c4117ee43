import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { TableHead } from './TableHead';

/** Renders a head inside a table (a bare <thead> is not valid in a <div>) and returns its HTML. */
function headHtml(head: ReactElement): string {
  const { container } = render(<table className="govuk-table">{head}</table>);
  return container.querySelector('thead')?.outerHTML ?? '';
}

describe('the GOV.UK table head', () => {
  it('renders the same markup as the hand-written head it replaces', () => {
    const handWritten = headHtml(
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Name
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Sessions
          </th>
          <th scope="col" className="govuk-table__header">
            Score (0 to {5})
          </th>
          <th scope="col" className="govuk-table__header">
            <span className="govuk-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>,
    );

    const fromColumns = headHtml(
      <TableHead
        columns={[
          'Name',
          { label: 'Sessions', numeric: true },
          { label: `Score (0 to ${5})` },
          { label: 'Actions', visuallyHidden: true },
        ]}
      />,
    );

    expect(fromColumns).toBe(handWritten);
    expect(fromColumns).toBe(
      '<thead class="govuk-table__head"><tr class="govuk-table__row">' +
        '<th scope="col" class="govuk-table__header">Name</th>' +
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Sessions</th>' +
        '<th scope="col" class="govuk-table__header">Score (0 to 5)</th>' +
        '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>' +
        '</tr></thead>',
    );
  });

  it('leaves out a column given as false, null or undefined', () => {
    const canManage = false as boolean;
    const html = headHtml(<TableHead columns={['File', canManage && 'Download', null, undefined, 'SHA-256']} />);

    expect(html).toBe(
      '<thead class="govuk-table__head"><tr class="govuk-table__row">' +
        '<th scope="col" class="govuk-table__header">File</th>' +
        '<th scope="col" class="govuk-table__header">SHA-256</th>' +
        '</tr></thead>',
    );
  });
});
