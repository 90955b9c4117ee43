import { within } from './within';

/** The timers this process has pending (Node's own count of its active resources). */
const pendingTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('within', () => {
  it('gives the value of a promise that settles in time, and leaves no timer behind', async () => {
    const before = pendingTimers();
    await expect(within(Promise.resolve(42), 60_000)).resolves.toEqual({ settled: true, value: 42 });
    expect(pendingTimers()).toBe(before);
  });

  it('says when the time ran out first', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(within(never, 5)).resolves.toEqual({ settled: false });
  });

  it('throws a rejection that comes in time, and leaves no timer behind', async () => {
    const before = pendingTimers();
    await expect(within(Promise.reject(new Error('refused')), 60_000)).rejects.toThrow('refused');
    expect(pendingTimers()).toBe(before);
  });

  it('ignores a rejection that comes after the time ran out', async () => {
    let reject!: (error: Error) => void;
    const late = new Promise<never>((_, r) => (reject = r));
    await expect(within(late, 5)).resolves.toEqual({ settled: false });
    reject(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would fail the test run
  });
});
