// @ts-check
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Milliseconds on CLOCK_MONOTONIC, which every process on this machine shares (sub-ms resolution). */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP port that was free a moment ago on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers (any status), failing early when `child` exits.
 * @param {string} url
 * @param {{ timeoutMs: number, child?: import('node:child_process').ChildProcess, what: string }} options
 */
export async function waitForHttp(url, { timeoutMs, child, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} before answering`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }
}

/**
 * Resident memory of a process, from /proc (Linux): current (VmRSS) and peak (VmHWM), in MiB.
 * @param {number} pid
 * @returns {{ rssMiB: number, peakMiB: number }}
 */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (/** @type {string} */ field) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/**
 * Ends a child process: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} graceMs
 */
export function stopChild(child, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.kill('SIGTERM');
  });
}

/**
 * Keeps the last lines a child printed, for error reports.
 * @param {import('node:stream').Readable | null} stream
 * @param {string[]} into
 * @param {number} max
 */
export function keepTail(stream, into, max = 40) {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (/** @type {string} */ chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    into.push(...lines.filter(Boolean));
    if (into.length > max) into.splice(0, into.length - max);
  });
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, in seconds; 0 if it is gone.
 * @param {number} pid
 */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has been busy (all cores; /proc/stat, not idle or iowait). */
export function machineBusySeconds() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}
