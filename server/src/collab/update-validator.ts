import { Worker } from 'node:worker_threads';

/**
 * What validating an untrusted Yjs update found. `over-budget`: decoding took
 * longer than the time budget or more memory than the worker may use (a
 * hostile update, yjs/yjs#687); the worker was replaced. `too-complex`: more
 * structs and deletions than MAX_UPDATE_PARTS.
 */
export type UpdateVerdict = 'empty' | 'valid' | 'malformed' | 'over-budget' | 'too-complex';

/**
 * Structs plus delete-set ranges one update may carry. The worker protects
 * decoding, but a valid update is still applied on the event loop: 500 000
 * two-byte structs (within the 1 MiB frame limit) took 0.3 s to apply and held
 * every connection up; 20 000 apply in well under 0.1 s. Typing merges into a few
 * structs per run of text, so real updates, even a whole record sent as one
 * sync step 2, stay far below this.
 */
export const MAX_UPDATE_PARTS = 20_000;

export interface UpdateValidatorOptions {
  /** Worker threads decoding in parallel. */
  workers?: number;
  /** Longest one update may take to decode before it is refused. */
  budgetMs?: number;
  /** Heap a worker may use (V8 old generation, MB) before it is refused. */
  maxHeapMb?: number;
  /** Structs plus deletion ranges one update may carry. */
  maxParts?: number;
}

/**
 * Decoding in a worker costs a message round trip (tens of microseconds) and
 * protects the event loop: the decoder runs on bytes anyone with edit rights
 * sends, and a few bytes can make it spin or allocate without bound.
 * A legitimate 1 MiB update (the frame limit) of 100 000 structs decodes in
 * about 0.25 s on one core; the budget leaves room for a busy machine.
 */
export const UPDATE_DECODE_BUDGET_MS = 1_000;
const DEFAULT_WORKERS = 2;
// Decoding a 1 MiB update of 500 000 structs needs about 50 MB of heap.
const DEFAULT_MAX_HEAP_MB = 256;

// Plain CommonJS evaluated in the worker, so it runs the same from dist/ and
// under Jest (which cannot start a worker from a .ts file). yjs is loaded from
// the path the main thread resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, update }) => {
  let verdict;
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    let parts = structs.length;
    for (const ranges of ds.clients.values()) parts += ranges.length;
    verdict = parts === 0 ? 'empty' : parts > workerData.maxParts ? 'too-complex' : 'valid';
  } catch {
    verdict = 'malformed';
  }
  parentPort.postMessage({ id, verdict });
});
`;

interface Job {
  id: number;
  update: Uint8Array;
  resolve(verdict: UpdateVerdict): void;
}

interface Slot {
  worker: Worker;
  /** Loaded yjs: the budget does not include the worker's start-up. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A small pool of worker threads that decode untrusted Yjs (v1) updates under
 * a time and memory budget. A worker that runs over is terminated and
 * replaced; its update is refused. Jobs wait in arrival order for a free
 * worker (the budget starts when a worker takes the job). Idle workers are
 * unref'd: they never keep the process alive.
 */
export class UpdateValidator {
  private readonly size: number;
  private readonly budgetMs: number;
  private readonly maxHeapMb: number;
  private readonly maxParts: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: UpdateValidatorOptions = {}) {
    this.size = Math.max(1, options.workers ?? DEFAULT_WORKERS);
    this.budgetMs = options.budgetMs ?? UPDATE_DECODE_BUDGET_MS;
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    this.maxParts = options.maxParts ?? MAX_UPDATE_PARTS;
  }

  /** Decodes `update` in a worker: `valid`, `empty` (nothing in it), `malformed`, `over-budget` or `too-complex`. */
  inspect(update: Uint8Array): Promise<UpdateVerdict> {
    if (this.closed) return Promise.reject(new Error('update validator is closed'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, update, resolve });
      this.dispatch();
    });
  }

  /** Starts a worker now, so the first update does not wait for one to load. */
  warm(): void {
    if (this.slots.length > 0 || this.closed) return;
    this.spawn();
    this.updateRefs();
  }

  /** Terminates the workers; pending inspections resolve `over-budget`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve('over-budget');
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  private dispatch(): void {
    this.assign();
    this.updateRefs();
  }

  private assign(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.job === null);
      if (!slot) {
        // Start another worker if there is room and none is already starting.
        if (!this.slots.some((s) => !s.ready)) this.spawn();
        return;
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.overBudget(slot), this.budgetMs);
      slot.timer.unref();
      slot.worker.postMessage({ id: job.id, update: job.update });
    }
  }

  private spawn(): void {
    if (this.slots.length >= this.size) return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yjs: require.resolve('yjs'), maxParts: this.maxParts },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    worker.on('message', (message: { ready?: true; id?: number; verdict?: UpdateVerdict }) => {
      if (message.ready) slot.ready = true;
      else if (slot.job && slot.job.id === message.id && message.verdict) this.finish(slot, message.verdict);
      this.dispatch();
    });
    // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or any other death: refuse its update, start afresh.
    worker.on('error', () => this.overBudget(slot));
    worker.on('exit', () => this.overBudget(slot));
    this.slots.push(slot);
  }

  /**
   * Workers hold the process open only while there is work: an awaited
   * verdict must arrive, but an idle pool must not keep a finished process alive.
   * (Called after listeners are attached: adding a 'message' listener refs a worker.)
   */
  private updateRefs(): void {
    const waiting = this.queue.length > 0;
    for (const slot of this.slots) {
      if (slot.job || (waiting && !slot.ready)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private finish(slot: Slot, verdict: UpdateVerdict): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    slot.job = null;
    job?.resolve(verdict);
  }

  private overBudget(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    this.finish(slot, 'over-budget');
    void this.retire(slot);
    if (!this.closed) this.dispatch();
  }

  private async retire(slot: Slot): Promise<void> {
    if (slot.timer) clearTimeout(slot.timer);
    slot.job?.resolve('over-budget');
    slot.job = null;
    await slot.worker.terminate().catch(() => undefined);
  }
}

let shared: UpdateValidator | null = null;

/** The process-wide pool that collab connections use (created, with one worker starting, on first use). */
export function sharedUpdateValidator(): UpdateValidator {
  if (!shared) {
    shared = new UpdateValidator();
    shared.warm();
  }
  return shared;
}
