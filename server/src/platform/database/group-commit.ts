/** Options of a GroupCommit: how to write a group, and how many groups may be written at once. */
export interface GroupCommitOptions<T, R> {
  /**
   * Writes the items as one group. Resolves, when the group's write is over
   * (its slot is then free), with each item's own outcome, in order: an item
   * the group could not take may still be settling, written on its own.
   */
  write(items: readonly T[]): Promise<readonly Promise<R>[]>;
  /** Groups written at the same time; items submitted while that many are in flight wait and form the next group. */
  maxInFlight: number;
  /** Items in one group at most. */
  maxGroupSize: number;
  /**
   * When items submitted while a slot is free are written: by default at the
   * end of the microtask checkpoint they were submitted in; `setImmediate`
   * gathers a whole event-loop turn instead.
   */
  gather?: (flush: () => void) => void;
  /**
   * How long an item may wait for a free slot before it fails with
   * `GroupCommitWaitError`, as a pool fails a query that waited too long for
   * a connection: when the database hangs, writers hear so instead of
   * waiting for ever. No limit by default.
   */
  maxWaitMs?: number;
}

/** An item waited longer than `maxWaitMs` for a free slot: it was not written. */
export class GroupCommitWaitError extends Error {
  constructor(waitedMs: number) {
    super(`waited ${waitedMs} ms for a free write slot; not written`);
    this.name = 'GroupCommitWaitError';
  }
}

interface Submitted<T, R> {
  item: T;
  /** When it was submitted (performance.now()). */
  since: number;
  resolve(result: R): void;
  reject(reason: unknown): void;
}

/**
 * Group commit, sized by load. Items submitted in the same microtask
 * checkpoint (say every document's write started by one event-loop turn) are
 * written together, at the end of it: no added wait, not even a turn. Items
 * submitted while every slot is busy wait, and are written together as soon
 * as one frees: the busier the database, the more each commit carries.
 * Used for documents' updates and for audit entries written on their own.
 */
export class GroupCommit<T, R> {
  private queue: Submitted<T, R>[] = [];
  private inFlight = 0;
  private flushQueued = false;
  private expiry: NodeJS.Timeout | null = null;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    if (options.maxInFlight < 1 || options.maxGroupSize < 1)
      throw new Error('a group commit needs a slot and a group size');
  }

  /** Resolves with the item's own result once its group is written, or rejects with its own failure. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, since: performance.now(), resolve, reject });
      if (this.flushQueued) return;
      this.flushQueued = true;
      (this.options.gather ?? queueMicrotask)(() => {
        this.flushQueued = false;
        this.writeWaiting();
      });
    });
  }

  /** Items waiting for a free slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private writeWaiting(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.options.maxGroupSize);
      this.inFlight++;
      // write() settles every item of the group itself and never rejects.
      void this.write(group).finally(() => {
        this.inFlight--;
        this.writeWaiting();
      });
    }
    if (this.queue.length > 0) this.expireLater();
  }

  /** Fails the items that have waited `maxWaitMs` for a slot (the queue is oldest first), when they reach it. */
  private expireLater(): void {
    const { maxWaitMs } = this.options;
    const [oldest] = this.queue;
    if (maxWaitMs === undefined || !oldest || this.expiry) return;
    this.expiry = setTimeout(
      () => {
        this.expiry = null;
        const now = performance.now();
        while (this.queue[0] && now - this.queue[0].since >= maxWaitMs) {
          this.queue.shift()?.reject(new GroupCommitWaitError(maxWaitMs));
        }
        this.expireLater();
      },
      Math.max(0, oldest.since + maxWaitMs - performance.now()),
    );
    this.expiry.unref();
  }

  private async write(group: readonly Submitted<T, R>[]): Promise<void> {
    let outcomes: readonly Promise<R>[];
    try {
      outcomes = await this.options.write(group.map((submitted) => submitted.item));
      if (outcomes.length !== group.length)
        throw new Error(`a group of ${group.length} had ${outcomes.length} outcomes`);
    } catch (error) {
      for (const submitted of group) submitted.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const submitted = group[i] as Submitted<T, R>;
      outcome.then(submitted.resolve, submitted.reject);
    });
  }
}
