import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFileAtomically } from './create-file-atomically';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'roundtable-create-file-'));

describe('createFileAtomically', () => {
  it('creates the file whole with its mode, in a folder it makes, and leaves nothing else behind', async () => {
    const dir = tmp();
    const file = path.join(dir, 'keys', 'secret');
    await expect(createFileAtomically(file, 'content\n', 0o600)).resolves.toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('content\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['secret']);
  });

  it('never replaces a file that exists: of many callers at once, one creates it and the others are told so', async () => {
    const dir = tmp();
    const file = path.join(dir, 'secret');
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createFileAtomically(file, `key ${i}`, 0o600)),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(`key ${created.indexOf(true)}`);
    expect(readdirSync(dir)).toEqual(['secret']);

    const existing = path.join(dir, 'existing');
    writeFileSync(existing, 'kept');
    await expect(createFileAtomically(existing, 'other', 0o600)).resolves.toBe(false);
    expect(readFileSync(existing, 'utf8')).toBe('kept');
  });

  it('fails, and leaves nothing behind, where it cannot write', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a-file'), '');
    await expect(createFileAtomically(path.join(dir, 'a-file', 'secret'), 'x', 0o600)).rejects.toThrow(
      /EEXIST|ENOTDIR/,
    );
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('creates the file where a directory cannot be opened to flush it (Windows), and fails on any other error', async () => {
    const realOpen = fsPromises.open;
    const refuseDirectories = (code: string) =>
      jest.spyOn(fsPromises, 'open').mockImplementation(async (target, ...rest) => {
        if (statSync(target as string).isDirectory()) throw Object.assign(new Error(`${code}: a directory`), { code });
        return realOpen(target, ...rest);
      });
    const windows = refuseDirectories('EISDIR');
    try {
      const file = path.join(tmp(), 'secret');
      await expect(createFileAtomically(file, 'content', 0o600)).resolves.toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('content');
      expect(windows).toHaveBeenCalledWith(path.dirname(file), 'r');
    } finally {
      windows.mockRestore();
    }
    const broken = refuseDirectories('EIO');
    try {
      await expect(createFileAtomically(path.join(tmp(), 'secret'), 'content', 0o600)).rejects.toThrow(/EIO/);
    } finally {
      broken.mockRestore();
    }
  });
});
