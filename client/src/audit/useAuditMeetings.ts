import type { AuditMeetingsResponse } from '@roundtable/shared/audit';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';

export type AuditMeeting = AuditMeetingsResponse['meetings'][number];

export type AuditMeetingsState =
  { status: 'loading' } | { status: 'loaded'; meetings: AuditMeeting[] } | { status: 'failed'; message: string };

/** Every strategy discussion's metadata, once per mount (each read is audited), unless `skip`. */
export function useAuditMeetings({ skip = false }: { skip?: boolean } = {}): AuditMeetingsState {
  const [state, setState] = useState<AuditMeetingsState>({ status: 'loading' });
  useEffect(() => {
    if (skip) return;
    let cancelled = false;
    api.audit.meetings().then(
      (response) => !cancelled && setState({ status: 'loaded', meetings: response.meetings }),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [skip]);
  return state;
}
