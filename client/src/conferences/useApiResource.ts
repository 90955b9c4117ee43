import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

/**
 * Something read over HTTP while `key` is not null, and again on `reload()`
 * or when the key changes. Nothing is live here: the conference's forms
 * reload what they changed. Only the answer to the latest request is kept, so
 * a slow earlier answer never replaces a newer one.
 */
export function useApiResource<T>(key: string | null, load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<string>();
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    if (key === null) return;
    const request = ++latest.current;
    try {
      const response = await loader.current();
      if (request !== latest.current) return;
      setData(response);
      setProblem(undefined);
    } catch (error) {
      if (request === latest.current) setProblem(errorMessage(error));
    }
  }, [key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, problem, reload, setData };
}
