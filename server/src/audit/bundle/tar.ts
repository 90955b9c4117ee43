import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';

/** A bundle is read into memory: refuse archives that would not fit sensibly. */
const MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

/** A gzipped tar (tar-stream) of the files, in the order given. */
export async function writeTarGz(files: ReadonlyMap<string, Buffer>, mtime: Date): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => archive.on('end', resolve).on('error', reject));
  for (const [name, data] of files) {
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name, size: data.length, mode: 0o644, mtime }, data, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/**
 * The regular files of a gzipped tar, by path (folders are skipped). Throws on
 * links, devices and anything else an export bundle never holds, rather than guess.
 */
export async function readTarGz(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let unpacked = 0;
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '');
    if (header.type === 'directory') {
      stream.resume();
      stream.on('end', next);
      return;
    }
    if (header.type !== 'file') {
      stream.resume();
      next(new Error(`the archive holds something other than files and folders (${name})`));
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (data) => {
      const chunk = data as Buffer;
      unpacked += chunk.length;
      if (unpacked > MAX_UNPACKED_BYTES) stream.destroy(new Error('the archive is too large to verify in memory'));
      else chunks.push(chunk);
    });
    stream.on('error', next);
    stream.on('end', () => {
      files.set(name, Buffer.concat(chunks));
      next();
    });
  });
  await pipeline(Readable.from([archive]), createGunzip(), reader);
  return files;
}
