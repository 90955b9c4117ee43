import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';

/**
 * A meeting's sealed versions, loaded while `enabled` (the meeting has
 * concluded) and again whenever `refreshKey` changes. Nothing polls: in the
 * room, the key follows the `/meetings` channel (every join and every
 * `record:sealed`, sent once a version has committed) and signed-off addenda.
 * Only the answer to the latest request is kept, so a slow earlier answer
 * (say, with no version yet) never replaces a newer one.
 */
export function useSealedRecords(meetingId: string, enabled: boolean, refreshKey: string | number = '') {
  const [records, setRecords] = useState<SealedRecordListResponse | null>(null);
  const [problem, setProblem] = useState<string>();
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    api.meetings.sealedRecords.list(meetingId).then(
      (response) => {
        if (request !== latest.current) return;
        setRecords(response);
        setProblem(undefined);
      },
      (error: unknown) => {
        if (request === latest.current) setProblem(errorMessage(error));
      },
    );
  }, [meetingId]);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload, refreshKey]);

  return { records, problem, reload };
}
