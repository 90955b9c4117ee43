import { describe, expect, it } from 'vitest';
import { formatPounds, parsePounds } from './fgdmDrafts';

describe('support costs in pounds', () => {
  it.each([
    ['250', 25_000],
    ['£250', 25_000],
    ['£ 1,200.50', 120_050],
    ['1200.5', 120_050],
    ['0', 0],
    [' 12.34 ', 1_234],
  ])('reads %j as %i pence', (input, pence) => expect(parsePounds(input)).toBe(pence));

  it.each(['', 'two hundred', '-5', '1.234', '12,34', '£'])('refuses %j', (input) =>
    expect(parsePounds(input)).toBeUndefined(),
  );

  it('writes whole pounds without pence', () => {
    expect(formatPounds(24_000)).toBe('£240');
    expect(formatPounds(120_050)).toBe('£1,200.50');
  });
});
