import type { ChildRecord } from '@roundtable/shared/pathway';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, isApiError } from '../api';

export type ChildRecordState =
  | { status: 'loading' }
  | { status: 'loaded'; record: ChildRecord }
  | { status: 'not-found' }
  | { status: 'failed'; message: string };

/**
 * The child's record as the reader may see it. `reload` fetches it again after
 * a change; a failed reload keeps the page on screen.
 */
export function useChildRecord(childId: string) {
  const [state, setState] = useState<ChildRecordState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      const record = await api.children.get(childId);
      setState({ status: 'loaded', record });
    } catch (error) {
      // A child the reader has no meeting about is "not found", exactly like a missing one (need-to-know).
      if (isApiError(error) && error.status === 404) setState({ status: 'not-found' });
      else
        setState((current) =>
          current.status === 'loaded' ? current : { status: 'failed', message: errorMessage(error) },
        );
    }
  }, [childId]);

  useEffect(() => {
    setState({ status: 'loading' });
    void reload();
  }, [reload]);

  return { state, reload };
}
