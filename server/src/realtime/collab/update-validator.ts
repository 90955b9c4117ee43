import { Worker } from 'node:worker_threads';
import { addsPoliceRestrictedMark, shapeOfUpdate, STRUCT_FIELDS, type UpdateShape } from './update-integrity';

/**
 * What validating an untrusted Yjs update found. `over-budget`: decoding took
 * longer than the time budget or more memory than the worker may use (a
 * hostile update, yjs/yjs#687); the worker was replaced. `too-complex`: more
 * structs and deletions than MAX_UPDATE_PARTS.
 */
export type UpdateVerdict = 'empty' | 'valid' | 'malformed' | 'over-budget' | 'too-complex';

/** A verdict, and for a valid update its shape (what the integrity check reads: struct IDs and deletions). */
export interface UpdateExamination {
  verdict: UpdateVerdict;
  shape?: UpdateShape;
  /**
   * A valid update adds a "police restricted" mark (addsPoliceRestrictedMark):
   * refused in the shared record and safety plan, whose every byte reaches every member.
   */
  policeRestrictedMark?: boolean;
}

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
  /** Bytes of updates sent to a worker in one message at most. */
  maxBatchBytes?: number;
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
/**
 * How long a batch may wait for busy workers before another one starts (up
 * to `workers`). An ordinary batch decodes in well under a millisecond, so
 * one worker carries ordinary load; a spare is for an update that holds a
 * worker (a large or hostile one), so the others are not held up behind it
 * for long. A worker is a V8 isolate of its own with yjs loaded: about 12 MB.
 */
export const SPARE_WORKER_AFTER_MS = 20;
// Decoding a 1 MiB update of 500 000 structs needs about 50 MB of heap.
const DEFAULT_MAX_HEAP_MB = 256;

// Plain CommonJS evaluated in the worker, so it runs the same from dist/ and
// under Jest (which cannot start a worker from a .ts file). yjs is loaded from
// the path the main thread resolved; the shape of an update is read by the
// same function the main thread's tests check against Yjs (its compiled text).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
const shapeOfUpdate = ${shapeOfUpdate.toString()};
const addsPoliceRestrictedMark = ${addsPoliceRestrictedMark.toString()};
const RESTRICTING_KINDS = ['police-restricted', 'health-restricted'];
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ jobs }) => {
  const verdicts = [];
  const transfer = [];
  for (const { id, update } of jobs) {
    let verdict;
    let shape;
    let marked = false;
    // Decoded once for both readings.
    let decoded;
    const once = { decodeUpdate: (u) => (decoded ??= Y.decodeUpdate(u)) };
    try {
      shape = shapeOfUpdate(once, update);
      const parts = shape.structs.length / ${STRUCT_FIELDS} + shape.deletes.length / 3;
      verdict = parts === 0 ? 'empty' : parts > workerData.maxParts ? 'too-complex' : 'valid';
      // The mark's value is stored as JSON text: only an update holding those bytes can add it.
      const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
      if (verdict === 'valid' && RESTRICTING_KINDS.some((kind) => bytes.includes(kind))) {
        marked = addsPoliceRestrictedMark(once, update);
      }
    } catch {
      verdict = 'malformed';
    }
    if (verdict === 'valid') {
      verdicts.push([id, verdict, shape, marked]);
      transfer.push(shape.structs.buffer, shape.deletes.buffer);
    } else verdicts.push([id, verdict]);
  }
  parentPort.postMessage({ verdicts }, transfer);
});
`;

/**
 * Updates sent to a worker in one message at most (count and bytes). A
 * message costs the event loop tens of microseconds whatever it carries, as
 * much as a socket write; under load, one per update was a fifth of the
 * server's time. The byte cap keeps a batch's legitimate decoding far
 * inside the budget.
 */
const MAX_BATCH_JOBS = 256;
const MAX_BATCH_BYTES = 64 * 1024;

interface Job {
  id: number;
  update: Uint8Array;
  resolve(examination: UpdateExamination): void;
  /** Re-validated on its own: its batch ran over the budget (one of them is hostile, not all). */
  alone?: boolean;
}

interface Slot {
  worker: Worker;
  /** Loaded yjs: the budget does not include the worker's start-up. */
  ready: boolean;
  /** The batch being decoded (empty when idle). */
  jobs: Job[];
  /** When it was given its batch (performance.now()). */
  busySince: number;
  timer: NodeJS.Timeout | null;
}

/**
 * A small pool of worker threads that decode untrusted Yjs (v1) updates under
 * a time and memory budget. Updates of one event-loop turn go to a worker
 * together. A worker that runs over is terminated and replaced; its update
 * is refused (a batch is re-validated one by one). Jobs wait in arrival order
 * for a free worker (the budget starts when a worker takes the job). Workers
 * start when needed: the first with the first update, a spare only when a
 * batch has been held up (SPARE_WORKER_AFTER_MS). Idle workers are unref'd:
 * they never keep the process alive.
 */
export class UpdateValidator {
  private readonly size: number;
  private readonly budgetMs: number;
  private readonly maxHeapMb: number;
  private readonly maxParts: number;
  private readonly maxBatchBytes: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private dispatchScheduled = false;
  /** Set while a batch waits to see whether the busy workers free up before a spare starts. */
  private spareTimer: NodeJS.Timeout | null = null;

  constructor(options: UpdateValidatorOptions = {}) {
    this.size = Math.max(1, options.workers ?? DEFAULT_WORKERS);
    this.budgetMs = options.budgetMs ?? UPDATE_DECODE_BUDGET_MS;
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    this.maxParts = options.maxParts ?? MAX_UPDATE_PARTS;
    this.maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  }

  /** Decodes `update` in a worker: `valid`, `empty` (nothing in it), `malformed`, `over-budget` or `too-complex`. */
  async inspect(update: Uint8Array): Promise<UpdateVerdict> {
    return (await this.examine(update)).verdict;
  }

  /** Decodes `update` in a worker: its verdict, and for a valid update its shape for the integrity check. */
  examine(update: Uint8Array): Promise<UpdateExamination> {
    if (this.closed) return Promise.reject(new Error('update validator is closed'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, update, resolve });
      // Updates that arrive in the same event-loop turn go to a worker together.
      if (this.dispatchScheduled) return;
      this.dispatchScheduled = true;
      setImmediate(() => {
        this.dispatchScheduled = false;
        this.dispatch();
      });
    });
  }

  /** Worker threads running or starting (for tests and health). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Terminates the workers; pending inspections resolve `over-budget`. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = null;
    for (const job of this.queue.splice(0)) job.resolve({ verdict: 'over-budget' });
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  private dispatch(): void {
    if (this.closed) return;
    this.assign();
    this.updateRefs();
  }

  private assign(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.jobs.length === 0);
      if (!slot) return this.startWorkerIfHeldUp();
      const jobs = this.takeBatch();
      slot.jobs = jobs;
      slot.busySince = performance.now();
      // The budget is the worker's, not this thread's: when this thread was busy past it, a verdict the
      // worker sent in time is waiting as I/O, which runs before setImmediate. Read it before refusing.
      slot.timer = setTimeout(() => setImmediate(() => slot.jobs === jobs && this.overBudget(slot)), this.budgetMs);
      slot.timer.unref();
      slot.worker.postMessage({ jobs: slot.jobs.map(({ id, update }) => ({ id, update })) });
    }
  }

  /**
   * A batch waits and no worker is free: the first worker starts at once; another
   * (if there is room and none is already starting) once a busy worker has held its
   * batch for SPARE_WORKER_AFTER_MS.
   */
  private startWorkerIfHeldUp(): void {
    if (this.slots.length >= this.size || this.slots.some((s) => !s.ready)) return;
    if (this.slots.length === 0) return this.spawn();
    if (this.spareTimer) return;
    const heldFor = performance.now() - Math.min(...this.slots.map((s) => s.busySince));
    if (heldFor >= SPARE_WORKER_AFTER_MS) return this.spawn();
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      this.dispatch();
    }, SPARE_WORKER_AFTER_MS - heldFor);
    this.spareTimer.unref();
  }

  /** The next jobs in arrival order, within the batch limits; a job re-validated alone goes alone. */
  private takeBatch(): Job[] {
    const first = this.queue.shift()!;
    const batch = [first];
    if (first.alone) return batch;
    let bytes = first.update.length;
    while (batch.length < MAX_BATCH_JOBS) {
      const next = this.queue[0];
      if (!next || next.alone || bytes + next.update.length > this.maxBatchBytes) break;
      bytes += next.update.length;
      batch.push(this.queue.shift()!);
    }
    return batch;
  }

  private spawn(): void {
    if (this.slots.length >= this.size) return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yjs: require.resolve('yjs'), maxParts: this.maxParts },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    const slot: Slot = { worker, ready: false, jobs: [], busySince: 0, timer: null };
    worker.on('message', (message: { ready?: true; verdicts?: [number, UpdateVerdict, UpdateShape?, boolean?][] }) => {
      if (message.ready) slot.ready = true;
      else if (message.verdicts) {
        this.finish(
          slot,
          new Map(
            message.verdicts.map(([id, verdict, shape, marked]) => [
              id,
              { verdict, shape, ...(marked ? { policeRestrictedMark: true } : {}) },
            ]),
          ),
        );
      }
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
      if (slot.jobs.length > 0 || (waiting && !slot.ready)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private finish(slot: Slot, verdicts: ReadonlyMap<number, UpdateExamination>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const jobs = slot.jobs;
    slot.jobs = [];
    for (const job of jobs) job.resolve(verdicts.get(job.id) ?? { verdict: 'over-budget' });
  }

  /**
   * A worker ran over its time or memory: it is replaced. A single update is
   * refused; a batch goes back to the front of the queue one update at a time,
   * so only the hostile one is refused.
   */
  private overBudget(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    if (slot.jobs.length > 1) {
      this.queue.unshift(...slot.jobs.map((job) => ({ ...job, alone: true })));
      slot.jobs = [];
    }
    this.finish(slot, new Map());
    void this.retire(slot);
    if (!this.closed) this.dispatch();
  }

  private async retire(slot: Slot): Promise<void> {
    if (slot.timer) clearTimeout(slot.timer);
    for (const job of slot.jobs.splice(0)) job.resolve({ verdict: 'over-budget' });
    await slot.worker.terminate().catch(() => undefined);
  }
}
