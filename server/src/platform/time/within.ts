/** What `within` saw: the promise's value, or that the time ran out first. */
export type WithinResult<T> = { settled: true; value: T } | { settled: false };

/**
 * Waits for `promise` at most `ms`. A rejection before then is thrown; after
 * then it is ignored (the caller has moved on). The timer is cleared as soon
 * as the promise settles, so a wait that ended early keeps nothing alive.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<WithinResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<WithinResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value): WithinResult<T> => ({ settled: true, value })), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
