import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/ApiError';
import { sealedRecordsApi } from '../api/sealedRecordsApi';

/**
 * A meeting's sealed versions, loaded while `enabled` (the meeting has
 * concluded) and again whenever `refreshKey` changes (e.g. an addendum was
 * signed off, which seals a new version before the sign-off is answered).
 */
export function useSealedRecords(meetingId: string, enabled: boolean, refreshKey = '') {
  const [records, setRecords] = useState<SealedRecordListResponse | null>(null);
  const [problem, setProblem] = useState<string>();

  const reload = useCallback(() => {
    sealedRecordsApi.list(meetingId).then(
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

  return { records, problem, reload };
}
