import { logFormatFor } from './root-logger';

describe('logFormatFor', () => {
  it('prints readable lines for a person at a terminal, outside production', () => {
    expect(logFormatFor('development', true)).toBe('pretty');
    expect(logFormatFor('test', true)).toBe('pretty');
  });

  it('keeps JSON lines in production, even on a terminal', () => {
    expect(logFormatFor('production', true)).toBe('json');
  });

  it('keeps JSON lines when stdout is a file or a pipe', () => {
    expect(logFormatFor('development', false)).toBe('json');
    expect(logFormatFor('production', false)).toBe('json');
  });
});
