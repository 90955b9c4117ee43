import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api';

/** How often a concluded meeting with no sealed version yet is looked at again. */
const SEAL_POLL_MS = 1_000;

/**
 * A meeting's sealed versions, loaded while `enabled` (the meeting has
 * concluded) and again whenever `refreshKey` changes (e.g. an addendum was
 * signed off, which seals a new version before the sign-off is answered).
 */
export function useSealedRecords(meetingId: string, enabled: boolean, refreshKey = '') {
  const [records, setRecords] = useState<SealedRecordListResponse | null>(null);
  const [problem, setProblem] = useState<string>();

  const reload = useCallback(() => {
    api.meetings.sealedRecords.list(meetingId).then(
      (response) => {
        setRecords(response);
        setProblem(undefined);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [meetingId]);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload, refreshKey]);

  // Members learn of the conclusion as it commits; the record is sealed just after
  // (rendering takes a moment). Until version 1 is listed, look again every few seconds.
  const awaitingFirstSeal = enabled && records !== null && records.versions.length === 0;
  useEffect(() => {
    if (!awaitingFirstSeal) return;
    const timer = setTimeout(reload, SEAL_POLL_MS);
    return () => clearTimeout(timer);
  }, [awaitingFirstSeal, records, reload]);

  return { records, problem, reload };
}
