import type { AuditPageResponse } from '@roundtable/shared/audit';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, isApiError } from '../api';
import { fromServerFields, type FieldErrors } from '../forms/fieldErrors';

export type AuditEventsState =
  | { status: 'loading' }
  | { status: 'loaded'; page: AuditPageResponse }
  /** The server refused the filters (400): a message per bad filter. */
  | { status: 'invalid'; errors: FieldErrors; message: string }
  | { status: 'failed'; message: string };

/**
 * One page of the trail for a query string (without `?`), fetched again whenever
 * it changes. Every fetch is itself audited, so nothing here polls.
 */
export function useAuditEvents(query: string, onInvalid: () => void): AuditEventsState {
  const [state, setState] = useState<AuditEventsState>({ status: 'loading' });
  // A notification, not an input: a new callback must not fetch again.
  const invalid = useRef(onInvalid);
  useEffect(() => {
    invalid.current = onInvalid;
  });

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    api.audit.events(query).then(
      (page) => !cancelled && setState({ status: 'loaded', page }),
      (error: unknown) => {
        if (cancelled) return;
        if (isApiError(error, 'ValidationFailed')) {
          setState({ status: 'invalid', errors: fromServerFields(error.fields), message: error.message });
          invalid.current();
        } else setState({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [query]);

  return state;
}
