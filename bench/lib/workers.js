// @ts-check
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { stopChild } from './processes.js';

const WORKER = path.join(import.meta.dirname, '..', 'client-worker.js');

/** One load-generator process (bench/client-worker.js), spoken to over IPC. */
export class ClientWorker extends EventEmitter {
  /** @param {number} index */
  constructor(index) {
    super();
    this.index = index;
    this.child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.nextId = 1;
    /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, op: string }>} */
    this.waiting = new Map();
    this.child.on('message', (/** @type {any} */ message) => {
      if (message.event) return this.emit(message.event, message);
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`worker ${this.index} ${waiter.op}: ${message.error}`));
    });
    this.child.on('exit', (code, signal) => {
      for (const waiter of this.waiting.values()) {
        waiter.reject(new Error(`worker ${this.index} exited (${signal ?? code}) during ${waiter.op}`));
      }
      this.waiting.clear();
    });
  }

  /**
   * Sends a request; resolves with the worker's result.
   * @param {string} op
   * @param {Record<string, unknown>} [args]
   * @returns {Promise<any>}
   */
  request(op, args = {}) {
    if (this.child.exitCode !== null || !this.child.connected) {
      return Promise.reject(new Error(`worker ${this.index} is not running`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, op });
      this.child.send({ id, op, ...args });
    });
  }

  stop() {
    return stopChild(this.child, 3_000);
  }
}

/**
 * Spreads client keys over workers, round robin.
 * @template {{ key: string }} T
 * @param {readonly T[]} items
 * @param {readonly ClientWorker[]} workers
 * @returns {Map<ClientWorker, T[]>}
 */
export function spread(items, workers) {
  /** @type {Map<ClientWorker, T[]>} */
  const byWorker = new Map(workers.map((w) => [w, []]));
  items.forEach((item, i) => byWorker.get(/** @type {ClientWorker} */ (workers[i % workers.length]))?.push(item));
  for (const [worker, list] of byWorker) if (list.length === 0) byWorker.delete(worker);
  return byWorker;
}
