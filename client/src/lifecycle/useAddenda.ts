import type { AddendumResponse, MeetingStatus } from '@roundtable/shared/lifecycle';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api';

/** A meeting's addenda, loaded once it has concluded; `replace` puts in an added or signed-off one. */
export function useAddenda(meetingId: string, status: MeetingStatus) {
  const [addenda, setAddenda] = useState<AddendumResponse[]>([]);
  const [problem, setProblem] = useState<string>();

  const reload = useCallback(() => {
    api.meetings.addenda.list(meetingId).then(
      (response) => {
        setAddenda(response.addenda);
        setProblem(undefined);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [meetingId]);
  useEffect(() => {
    if (status === 'concluded') reload();
  }, [reload, status]);

  const replace = useCallback((addendum: AddendumResponse) => {
    setAddenda((list) =>
      list.some((a) => a.id === addendum.id)
        ? list.map((a) => (a.id === addendum.id ? addendum : a))
        : [...list, addendum],
    );
  }, []);
  const bySection = useCallback((key: string) => addenda.filter((a) => a.sectionKey === key), [addenda]);

  return useMemo(
    () => ({ addenda, problem, reload, replace, bySection }),
    [addenda, problem, reload, replace, bySection],
  );
}

export type Addenda = ReturnType<typeof useAddenda>;
