import type { AuditWitnessListResponse } from '@roundtable/shared/audit';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { formatAuditTime } from './auditTime';
import { TableHead } from '../layout/TableHead';

type WitnessesState =
  { status: 'loading' } | { status: 'loaded'; list: AuditWitnessListResponse } | { status: 'failed'; message: string };

/** One witness's progress, as a sentence. */
function cosignedText(cosignedSize: number | null, latest: number): string {
  if (cosignedSize === null) return 'Nothing cosigned yet';
  const entries = `${cosignedSize.toLocaleString('en-GB')} ${cosignedSize === 1 ? 'entry' : 'entries'}`;
  return cosignedSize >= latest
    ? `Up to ${entries} (the latest checkpoint)`
    : `Up to ${entries} of ${latest.toLocaleString('en-GB')}`;
}

/** The table itself, for a loaded list. */
export function WitnessesTable({ list }: { list: AuditWitnessListResponse }) {
  if (list.witnesses.length === 0)
    return <p className="govuk-body">No partner runs a witness yet. An administrator registers each one.</p>;
  return (
    <table className="govuk-table" data-testid="audit-witnesses">
      <caption className="govuk-table__caption govuk-visually-hidden">Partners’ witnesses of the audit trail</caption>
      <TableHead columns={['Partner', 'Witness', 'Has cosigned', 'Last cosigned']} />
      <tbody className="govuk-table__body">
        {list.witnesses.map((w) => (
          <tr key={w.id} className="govuk-table__row">
            <td className="govuk-table__cell">{AGENCY_LABELS[w.agency]}</td>
            <td className="govuk-table__cell">
              <code>{w.name}</code> <span className="govuk-hint govuk-!-display-inline">key {w.keyId}</span>
              {w.status === 'retired' && (
                <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-1">Retired</strong>
              )}
            </td>
            <td className="govuk-table__cell">{cosignedText(w.cosignedSize, list.latestCheckpointSize)}</td>
            <td className="govuk-table__cell">{w.cosignedAt ? formatAuditTime(w.cosignedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Which partners' witnesses have cosigned the trail's checkpoints, and up to
 * which size (docs/AUDIT.md, "Witnesses"). Read once per visit: each read is audited.
 */
export function WitnessesPanel() {
  const [state, setState] = useState<WitnessesState>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    api.audit.witnesses().then(
      (list) => !cancelled && setState({ status: 'loaded', list }),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <section aria-labelledby="witnesses-heading">
      <h3 className="govuk-heading-s" id="witnesses-heading">
        Partners’ witnesses
      </h3>
      <p className="govuk-body">
        Each witness checks that every new checkpoint extends the one it cosigned before. The service will not sign a
        checkpoint that contradicts one a witness has cosigned.
      </p>
      {state.status === 'loading' && (
        <p className="govuk-body" role="status">
          Loading the witnesses…
        </p>
      )}
      {state.status === 'failed' && <p className="govuk-error-message">{state.message}</p>}
      {state.status === 'loaded' && <WitnessesTable list={state.list} />}
    </section>
  );
}
