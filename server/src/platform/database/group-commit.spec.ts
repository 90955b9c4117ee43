import { GroupCommit, GroupCommitWaitError } from './group-commit';

/** A write the test finishes by hand: which groups were written, and a way to settle each. */
function controlledWrites() {
  const groups: string[][] = [];
  const finish: ((outcomes: Promise<string>[] | Error) => void)[] = [];
  const write = (items: readonly string[]) => {
    groups.push([...items]);
    return new Promise<readonly Promise<string>[]>((resolve, reject) =>
      finish.push((outcomes) => (outcomes instanceof Error ? reject(outcomes) : resolve(outcomes))),
    );
  };
  const written = (items: readonly string[]) => items.map((item) => Promise.resolve(`${item} written`));
  return { groups, finish, write, written };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Lets the microtask checkpoint run (where a GroupCommit writes what was submitted), but not the next turn. */
const checkpoint = () => Promise.resolve();

describe('GroupCommit', () => {
  it('writes what was submitted together, at the end of the same microtask checkpoint, before the next turn', async () => {
    const { groups, finish, write, written } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 2, maxGroupSize: 10 });
    let nextTurn = false;
    setImmediate(() => (nextTurn = true));
    const results = ['a', 'b', 'c'].map((item) => commit.submit(item));
    expect(groups).toEqual([]);
    await checkpoint();
    expect(groups).toEqual([['a', 'b', 'c']]);
    expect(nextTurn).toBe(false);
    finish[0]?.(written(['a', 'b', 'c']));
    await expect(Promise.all(results)).resolves.toEqual(['a written', 'b written', 'c written']);
  });

  it('groups what arrives while every slot is busy, and writes it as soon as one frees', async () => {
    const { groups, finish, write, written } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 1, maxGroupSize: 10 });
    const a = commit.submit('a');
    await checkpoint();
    const later = ['b', 'c'].map((item) => commit.submit(item));
    await checkpoint();
    later.push(commit.submit('d'));
    await checkpoint();
    expect(groups).toEqual([['a']]);
    expect(commit.waiting).toBe(3);
    finish[0]?.(written(['a']));
    await flush();
    expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
    finish[1]?.(written(['b', 'c', 'd']));
    await expect(Promise.all([a, ...later])).resolves.toEqual(['a written', 'b written', 'c written', 'd written']);
    expect(commit.waiting).toBe(0);
  });

  it('never has more groups in flight than its slots, nor more items in a group than its size', async () => {
    const { groups, finish, write, written } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 2, maxGroupSize: 2 });
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const results = items.map((item) => commit.submit(item));
    await checkpoint();
    expect(groups).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    finish[0]?.(written(['a', 'b']));
    await flush();
    expect(groups.at(-1)).toEqual(['e', 'f']);
    finish[1]?.(written(['c', 'd']));
    await flush();
    expect(groups.at(-1)).toEqual(['g']);
    expect(groups).toHaveLength(4);
    finish[2]?.(written(['e', 'f']));
    finish[3]?.(written(['g']));
    await expect(Promise.all(results)).resolves.toEqual(items.map((item) => `${item} written`));
  });

  it("settles each item with its own outcome, and one the group left to finish on its own doesn't hold the slot", async () => {
    const { groups, finish, write } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 1, maxGroupSize: 10 });
    const [a, b, c] = ['a', 'b', 'c'].map((item) => commit.submit(item));
    await checkpoint();
    let finishC: (value: string) => void = () => undefined;
    const cOnItsOwn = new Promise<string>((resolve) => (finishC = resolve));
    finish[0]?.([Promise.resolve('a written'), Promise.reject(new Error('b refused')), cOnItsOwn]);
    await expect(a).resolves.toBe('a written');
    await expect(b).rejects.toThrow('b refused');
    // c is still being written on its own, and the slot is free for the next item.
    const next = commit.submit('next');
    await checkpoint();
    expect(groups.at(-1)).toEqual(['next']);
    finish[1]?.([Promise.resolve('next written')]);
    await expect(next).resolves.toBe('next written');
    finishC('c written');
    await expect(c).resolves.toBe('c written');
  });

  it('fails every item of a group whose write failed, and only those', async () => {
    const { finish, write, written } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 1, maxGroupSize: 10 });
    const first = commit.submit('first');
    await checkpoint();
    const later = [commit.submit('a'), commit.submit('b')];
    finish[0]?.(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await flush();
    finish[1]?.(written(['a', 'b']));
    await expect(Promise.all(later)).resolves.toEqual(['a written', 'b written']);
  });

  it('refuses a write that answers for a different number of items', async () => {
    const commit = new GroupCommit<string, string>({
      write: async () => [],
      maxInFlight: 1,
      maxGroupSize: 10,
    });
    await expect(commit.submit('a')).rejects.toThrow('a group of 1 had 0 outcomes');
  });

  it('fails items that waited too long for a slot, unwritten, and writes those that did not', async () => {
    const { groups, finish, write, written } = controlledWrites();
    const commit = new GroupCommit<string, string>({ write, maxInFlight: 1, maxGroupSize: 10, maxWaitMs: 40 });
    const hung = commit.submit('hung');
    await checkpoint();
    const early = commit.submit('early');
    await new Promise((resolve) => setTimeout(resolve, 25));
    const late = commit.submit('late');
    await expect(early).rejects.toThrow(GroupCommitWaitError);
    expect(commit.waiting).toBe(1);
    await expect(late).rejects.toThrow('waited 40 ms for a free write slot; not written');
    expect(commit.waiting).toBe(0);
    expect(groups).toEqual([['hung']]);
    // The hung write ends; the next item is written at once.
    finish[0]?.(written(['hung']));
    await expect(hung).resolves.toBe('hung written');
    const next = commit.submit('next');
    await checkpoint();
    finish[1]?.(written(['next']));
    await expect(next).resolves.toBe('next written');
    expect(groups).toEqual([['hung'], ['next']]);
  });
});
