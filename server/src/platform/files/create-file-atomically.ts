import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates `file` holding `content`, unless it already exists, so that it is
 * never seen partly written: not by a reader meanwhile, and not after a
 * crash or power loss. The content goes to a temporary file beside it, is
 * flushed to disk, and is then hard-linked to the name, which fails if the
 * name exists. Several processes or providers may race: one creates it, the
 * others get false and read the winner's. For key files made on first start
 * (a half-written key would refuse every later boot).
 * @returns whether this call created the file
 */
export async function createFileAtomically(file: string, content: string, mode: number): Promise<boolean> {
  const directory = path.dirname(file);
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await syncToDisk(temporary);
    try {
      await link(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await syncDirectoryToDisk(directory); // the new name, too
    return true;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function syncToDisk(pathToSync: string): Promise<void> {
  const handle = await open(pathToSync, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries. Linux and macOS open a directory to flush it;
 * Windows refuses to (EISDIR, EPERM), and flushes the name with the file there.
 */
async function syncDirectoryToDisk(directory: string): Promise<void> {
  try {
    await syncToDisk(directory);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code !== 'EISDIR' && code !== 'EPERM') throw error;
  }
}
