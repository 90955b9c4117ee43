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
}

interface Submitted<T, R> {
  item: T;
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

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    if (options.maxInFlight < 1 || options.maxGroupSize < 1)
      throw new Error('a group commit needs a slot and a group size');
  }

  /** Resolves with the item's own result once its group is written, or rejects with its own failure. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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
