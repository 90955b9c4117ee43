import { GroupCommit } from '../../platform';
import { nextTurn, UpdateBatcher } from './update-batcher';

/** A write whose completion the test controls. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('UpdateBatcher', () => {
  it('writes everything queued in one tick as one batch', async () => {
    const writes: string[][] = [];
    const committed: string[][] = [];
    const batcher = new UpdateBatcher<string, number>({
      write: async (items) => {
        writes.push([...items]);
        return items.length;
      },
      onCommitted: (items) => committed.push([...items]),
      onFailed: () => undefined,
    });
    batcher.enqueue('a');
    batcher.enqueue('b');
    batcher.enqueue('c');
    await batcher.idle();
    expect(writes).toEqual([['a', 'b', 'c']]);
    expect(committed).toEqual([['a', 'b', 'c']]);
  });

  it('writes as many as take() says, the rest after that batch is handled, and drops what take() discards', async () => {
    const writes: string[][] = [];
    const events: string[] = [];
    const batcher: UpdateBatcher<string, number> = new UpdateBatcher<string, number>({
      write: async (items) => {
        writes.push([...items]);
        return items.length;
      },
      onCommitted: (items) => events.push(`committed ${items.join('')}`),
      onFailed: () => undefined,
      // A batch ends before an upper-case item, and 'X' is refused.
      take: () => {
        batcher.discard((item) => item === 'X');
        const queue = batcher.queued();
        let count = 1;
        while (count < queue.length && queue[count] === queue[count]!.toLowerCase()) count++;
        events.push(`take ${queue.join('')}`);
        return count;
      },
    });
    for (const item of ['a', 'b', 'C', 'd', 'X', 'e']) batcher.enqueue(item);
    await batcher.idle();
    expect(writes).toEqual([
      ['a', 'b'],
      ['C', 'd', 'e'],
    ]);
    expect(events).toEqual(['take abCde', 'committed ab', 'take Cde', 'committed Cde']);
  });

  it('waits for a batch to commit before writing the next, which holds what arrived meanwhile', async () => {
    const first = deferred<number>();
    const writes: string[][] = [];
    const events: string[] = [];
    const batcher = new UpdateBatcher<string, number>({
      write: (items) => {
        writes.push([...items]);
        return writes.length === 1 ? first.promise : Promise.resolve(2);
      },
      onCommitted: (items) => events.push(`committed ${items.join('')}`),
      onFailed: () => undefined,
    });
    batcher.enqueue('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([['a']]);
    batcher.enqueue('b');
    batcher.enqueue('c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1); // the second batch waits for the first
    first.resolve(1);
    await batcher.idle();
    expect(writes).toEqual([['a'], ['b', 'c']]);
    expect(events).toEqual(['committed a', 'committed bc']);
  });

  it('reports a failed write and carries on with the next batch', async () => {
    const failed: string[][] = [];
    const committed: string[][] = [];
    let calls = 0;
    const batcher = new UpdateBatcher<string, number>({
      write: async () => {
        calls++;
        if (calls === 1) throw new Error('database down');
        return 1;
      },
      onCommitted: (items) => committed.push([...items]),
      onFailed: (items) => failed.push([...items]),
    });
    batcher.enqueue('a');
    await batcher.idle();
    batcher.enqueue('b');
    await batcher.idle();
    expect(failed).toEqual([['a']]);
    expect(committed).toEqual([['b']]);
  });

  it('discards queued items on request, before they are written', async () => {
    const gate = deferred<number>();
    const writes: string[][] = [];
    const batcher = new UpdateBatcher<string, number>({
      write: (items) => {
        writes.push([...items]);
        return writes.length === 1 ? gate.promise : Promise.resolve(1);
      },
      onCommitted: () => undefined,
      onFailed: () => undefined,
    });
    batcher.enqueue('a1');
    await new Promise((resolve) => setImmediate(resolve));
    batcher.enqueue('x1');
    batcher.enqueue('a2');
    expect(batcher.discard((item) => item.startsWith('a'))).toEqual(['a2']);
    expect(batcher.pending).toBe(1);
    gate.resolve(1);
    await batcher.idle();
    expect(writes).toEqual([['a1'], ['x1']]);
  });

  it("starts every batcher's first write of a turn together, so one group commit carries them all", async () => {
    const groups: string[][] = [];
    const commit = new GroupCommit<string, string>({
      write: async (items) => {
        groups.push([...items]);
        return items.map(async (item) => item);
      },
      maxInFlight: 4,
      maxGroupSize: 100,
    });
    const batchers = ['one', 'two', 'three'].map(
      (name) =>
        new UpdateBatcher<string, string>({
          write: (items) => commit.submit(`${name}: ${items.join(',')}`),
          onCommitted: () => undefined,
          onFailed: () => undefined,
        }),
    );
    batchers[0]?.enqueue('a');
    batchers[1]?.enqueue('b');
    batchers[2]?.enqueue('c');
    batchers[0]?.enqueue('d');
    await Promise.all(batchers.map((batcher) => batcher.idle()));
    expect(groups).toEqual([['one: a,d', 'two: b', 'three: c']]);
  });

  it('runs what is deferred to the next turn in one immediate, in order, after what this turn already deferred', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('deferred before'));
    nextTurn(() => order.push('first'));
    nextTurn(() => {
      order.push('second');
      nextTurn(() => order.push('the turn after'));
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['deferred before', 'first', 'second']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['deferred before', 'first', 'second', 'the turn after']);
  });
});
