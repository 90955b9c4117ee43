import { entryBundle, parseTilePath, tileIndexPath } from './tlog-tiles';

describe('C2SP tlog-tiles paths', () => {
  it('encodes and parses tile indexes in three-digit groups', () => {
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    for (const n of [0, 1, 999, 1000, 1234067, 987654321012]) {
      expect(parseTilePath(`0/${tileIndexPath(n)}`)).toEqual({ kind: 'hashes', level: 0, index: n, width: 256 });
    }
    expect(parseTilePath('2/x001/234.p/17')).toEqual({ kind: 'hashes', level: 2, index: 1234, width: 17 });
    expect(parseTilePath('entries/000.p/255')).toEqual({ kind: 'entries', index: 0, width: 255 });
  });

  it('refuses anything that is not a canonical tile path', () => {
    for (const bad of [
      '',
      '0',
      '0/1',
      '0/0000',
      '0/x000/001',
      '0/001/x002',
      '8/000',
      'a/000',
      '0/000.p/0',
      '0/000.p/256',
      '0/000.p/07',
      '0/000.p',
      'entries/abc',
      '0/-01',
    ]) {
      expect({ bad, parsed: parseTilePath(bad) }).toEqual({ bad, parsed: null });
    }
  });

  it('bundles entries with big-endian u16 lengths', () => {
    expect(entryBundle([Buffer.from('ab'), Buffer.alloc(0)]).toString('hex')).toBe('00026162' + '0000');
  });
});
