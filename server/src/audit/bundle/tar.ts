import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Just enough of POSIX ustar to write and read an export bundle: regular
 * files with short relative paths, no links, no extended headers. Reading
 * refuses anything else rather than guess.
 */

const BLOCK = 512;
/** A bundle is read into memory: refuse archives that would not fit sensibly. */
const MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`path too long for the bundle: ${name}`);
  block.write(name, 0, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(mtime, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** A gzipped tar of the files, in the order given. */
export function writeTarGz(files: ReadonlyMap<string, Buffer>, mtime: Date): Buffer {
  const parts: Buffer[] = [];
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const [name, data] of files) {
    parts.push(header(name, data.length, seconds), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** The regular files of a gzipped tar, by path. Throws on anything it does not understand. */
export function readTarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive, { maxOutputLength: MAX_UNPACKED_BYTES });
  const files = new Map<string, Buffer>();
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const block = tar.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) break;
    const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = block.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(block.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 0);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('the archive is damaged (a bad file size)');
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
    at += BLOCK;
    if (type === '0' || type === '\0') {
      if (at + size > tar.length) throw new Error(`the archive is truncated (in ${path})`);
      files.set(path, Buffer.from(tar.subarray(at, at + size)));
    } else if (type !== '5') {
      throw new Error(`the archive holds something other than files and folders (${path})`);
    }
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
