/** Callbacks of an UpdateBatcher: how to store a batch, and what to do once it is (or is not) stored. */
export interface UpdateBatcherOptions<T, R> {
  /** Stores the whole batch at once (one multi-row INSERT). Rejects if nothing was stored. */
  write(items: readonly T[]): Promise<R>;
  /** Runs after the batch is durably stored, before the next batch is written. */
  onCommitted(items: readonly T[], result: R): void;
  /** Runs when the write failed; nothing of the batch was stored. */
  onFailed(items: readonly T[], error: unknown): void;
  /**
   * Defers the first write of a burst; defaults to `nextTurn`, so one
   * event-loop turn forms one batch, and every document's first write of the
   * turn starts together (one group commit, `GroupCommit`).
   */
  schedule?: (run: () => void) => void;
  /**
   * Called before each write: how many of the queued items (`queued()`, which
   * it may `discard` from) to write now, at least one; the rest wait for the
   * next write, after this batch is applied. Defaults to all of them.
   */
  take?: () => number;
}

let dueNextTurn: (() => void)[] = [];

/**
 * Runs `run` in the next event-loop turn's check phase (as `setImmediate`
 * does), together with everything else deferred by it meanwhile: one
 * immediate for all of them, so the writes they start are all submitted in
 * the same microtask checkpoint, where a group commit gathers them.
 */
export function nextTurn(run: () => void): void {
  dueNextTurn.push(run);
  if (dueNextTurn.length > 1) return;
  setImmediate(() => {
    const due = dueNextTurn;
    dueNextTurn = [];
    for (const deferred of due) deferred();
  });
}

/**
 * Groups the updates of one document that arrive in the same tick into one
 * write, and keeps writes strictly in order: a batch is written only after
 * the previous one was committed and applied. Updates arriving while a write
 * is in flight form the next batch.
 */
export class UpdateBatcher<T, R> {
  private queue: T[] = [];
  private running: Promise<void> | null = null;
  private readonly schedule: (run: () => void) => void;

  constructor(private readonly options: UpdateBatcherOptions<T, R>) {
    this.schedule = options.schedule ?? nextTurn;
  }

  /** Queues an item for the next batch. */
  enqueue(item: T): void {
    this.queue.push(item);
    if (this.running) return; // the running drain loop picks it up after the current write
    this.running = new Promise<void>((resolve) => this.schedule(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
      });
  }

  /** Removes queued (not yet written) items, e.g. those of a connection closed after a failed write. */
  discard(match: (item: T) => boolean): T[] {
    const discarded = this.queue.filter(match);
    this.queue = this.queue.filter((item) => !match(item));
    return discarded;
  }

  /** The items waiting for the next write, in order. */
  queued(): readonly T[] {
    return this.queue;
  }

  /** Items waiting for the next write. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once every queued item has been written (or has failed) and handled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const count = this.options.take ? Math.max(1, this.options.take()) : this.queue.length;
      if (this.queue.length === 0) break;
      const batch = this.queue.slice(0, count);
      this.queue = this.queue.slice(count);
      let result: R;
      try {
        result = await this.options.write(batch);
      } catch (error) {
        this.options.onFailed(batch, error);
        continue;
      }
      this.options.onCommitted(batch, result);
    }
  }
}
