import { canFlagEntry } from './entry-flag-rules';

describe('canFlagEntry', () => {
  const entry = { recordedBy: 'author' };

  it('lets the author and the chair flag an entry', () => {
    expect(canFlagEntry('participant', 'author', entry)).toBe(true);
    expect(canFlagEntry('minute-taker', 'author', entry)).toBe(true);
    expect(canFlagEntry('chair', 'someone-else', entry)).toBe(true);
  });

  it('refuses anyone else, and an observer even for their own entry', () => {
    expect(canFlagEntry('participant', 'someone-else', entry)).toBe(false);
    expect(canFlagEntry('minute-taker', 'someone-else', entry)).toBe(false);
    expect(canFlagEntry('observer', 'author', entry)).toBe(false);
  });
});
