// @ts-check
/**
 * A load-generator process: stock y-websocket `WebsocketProvider`s (with the
 * `ws` WebSocket) in their own process, never in a server's; for the
 * Hocuspocus server, `HocuspocusProvider`s (@hocuspocus/provider 3.4.4, the
 * client a Hocuspocus user would use), also with the `ws` WebSocket. The bench sends
 * requests over IPC (`{ id, op, ...args }`) and gets `{ id, ok, result | error }`
 * back; latency observations come back as `{ event: 'observed', seq, samples }`.
 *
 * Every client edits the record's `analysis` section the way the editor
 * stores it: a Y.XmlFragment holding a paragraph whose Y.XmlText gets the
 * edits. Edits carry markers that observers parse from the updates they receive:
 *   L<seq>@<ms>;   a latency probe, written at <ms> on CLOCK_MONOTONIC
 *   T<writer>.<n>; a throughput write
 *   M<n>;          a little editing (memory scenario)
 *   P<step>@<ms>;  a capacity keystroke, due at <ms> on CLOCK_MONOTONIC (open loop)
 */
import { createHash } from 'node:crypto';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { nowMs, sleep } from './lib/processes.js';

const SECTION = 'analysis';

// Every WebsocketProvider adds a process 'exit' listener; hundreds of clients live here.
process.setMaxListeners(0);

/**
 * @typedef {object} ClientSpec
 * @property {string} key unique across the bench
 * @property {string} serverUrl ws://host:port/collab
 * @property {string} room document name, e.g. meetings/<id>/record
 * @property {string} [cookie] Roundtable: the rt_session cookie (sent with an Origin, as a browser does)
 * @property {string} [origin]
 * @property {'y-websocket' | 'hocuspocus'} [kind] which client library connects (default y-websocket)
 */

/**
 * A `ws` WebSocket that sends the session cookie and an Origin header, as a browser would.
 * @param {string} cookie
 * @param {string} origin
 */
function cookieWebSocket(cookie, origin) {
  return class extends WebSocket {
    /** @param {string} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
    }
  };
}

/**
 * What the bench needs of either client library.
 * @typedef {object} ProviderLike
 * @property {import('y-protocols/awareness').Awareness} awareness
 * @property {() => boolean} isSynced
 * @property {(listener: () => void) => void} onSynced called once the first sync with the server is done
 * @property {() => WebSocket | null} socket
 * @property {() => void} destroy
 */

class BenchClient {
  /** @param {ClientSpec} spec */
  constructor(spec) {
    this.spec = spec;
    this.doc = new Y.Doc();
    this.fragment = this.doc.getXmlFragment(SECTION);
    /** Called with the text of each remote insert, and when it was observed. @type {((text: string, at: number) => void) | null} */
    this.onRemoteInsert = null;
    /** @type {number[]} */
    this.closeCodes = [];
    // Reads the inserted text from the update itself, O(update): an event's `delta`
    // walks the whole text, which would make the observer the bottleneck as the document grows.
    this.doc.on(
      'update',
      (
        /** @type {Uint8Array} */ update,
        /** @type {unknown} */ _origin,
        /** @type {Y.Doc} */ _doc,
        /** @type {Y.Transaction} */ transaction,
      ) => {
        if (!this.onRemoteInsert || transaction.local) return;
        const at = nowMs();
        for (const struct of Y.decodeUpdate(update).structs) {
          // A handler may stop observing part-way through an update (a finished run clears it).
          if (!this.onRemoteInsert) break;
          if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
            this.onRemoteInsert(struct.content.str, at);
          }
        }
      },
    );
    const WebSocketPolyfill = spec.cookie ? cookieWebSocket(spec.cookie, spec.origin ?? '') : WebSocket;
    if (spec.kind === 'hocuspocus') {
      // With `url`, the provider makes its own HocuspocusProviderWebsocket from the
      // same options (its types leave out the socket's options, such as the polyfill).
      const provider = new HocuspocusProvider(
        /** @type {any} */ ({
          url: spec.serverUrl,
          name: spec.room,
          document: this.doc,
          WebSocketPolyfill,
          maxDelay: 1_000,
        }),
      );
      provider.on('close', (/** @type {{ event: { code: number } }} */ { event }) => {
        if (event) this.closeCodes.push(event.code);
      });
      /** @type {ProviderLike} */
      this.provider = {
        awareness: /** @type {import('y-protocols/awareness').Awareness} */ (provider.awareness),
        isSynced: () => provider.isSynced,
        onSynced: (listener) => provider.on('synced', () => listener()),
        socket: () =>
          /** @type {WebSocket | null} */ (/** @type {unknown} */ (provider.configuration.websocketProvider.webSocket)),
        destroy: () => provider.destroy(),
      };
    } else {
      const provider = new WebsocketProvider(spec.serverUrl, spec.room, this.doc, {
        WebSocketPolyfill: /** @type {any} */ (WebSocketPolyfill),
        disableBc: true,
        maxBackoffTime: 1_000,
      });
      provider.on('connection-close', (event) => {
        if (event) this.closeCodes.push(event.code);
      });
      this.provider = {
        awareness: provider.awareness,
        isSynced: () => provider.synced,
        onSynced: (listener) =>
          provider.on('sync', (/** @type {boolean} */ isSynced) => {
            if (isSynced) listener();
          }),
        socket: () => /** @type {WebSocket | null} */ (/** @type {unknown} */ (provider.ws)),
        destroy: () => provider.destroy(),
      };
    }
  }

  /** Resolves when the provider has synced with the server. @param {number} timeoutMs */
  synced(timeoutMs) {
    if (this.provider.isSynced()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.spec.key} did not sync within ${timeoutMs} ms (close codes: ${this.closeCodes})`));
      }, timeoutMs);
      this.provider.onSynced(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  /** The paragraph text edits go into, once someone created it. @returns {Y.XmlText | null} */
  text() {
    const paragraph = this.fragment.get(0);
    const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
    return text instanceof Y.XmlText ? text : null;
  }

  /** Creates the paragraph if nobody has. */
  ensureText() {
    if (this.fragment.length > 0) return;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    this.fragment.insert(0, [paragraph]);
  }

  /** Appends an edit: one Yjs transaction, so one update message to the server. @param {string} marker */
  append(marker) {
    const text = this.text();
    if (!text) throw new Error(`${this.spec.key} has no paragraph to edit`);
    text.insert(text.length, marker);
  }

  /** Disconnects and frees the doc (also stops the awareness timer); resolves when the socket has closed. */
  async destroy() {
    const ws = this.provider.socket();
    this.provider.destroy();
    this.doc.destroy();
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await Promise.race([new Promise((resolve) => ws.once('close', resolve)), sleep(5_000)]);
  }
}

/** @type {Map<string, BenchClient>} */
const clients = new Map();

/** @param {string} key */
function client(key) {
  const found = clients.get(key);
  if (!found) throw new Error(`no client ${key} in this worker`);
  return found;
}

/**
 * Runs `work` over `items` with at most `limit` at a time.
 * @template T
 * @param {readonly T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<void>} work
 */
async function pool(items, limit, work) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(/** @type {T} */ (items[next++]));
  });
  await Promise.all(runners);
}

/** @param {unknown} message */
function send(message) {
  process.send?.(message);
}

// ── latency probes ──────────────────────────────────────────────────────────

/** Clients of this worker that record probes, and probes still waiting for some of them. */
const latency = {
  /** @type {Set<BenchClient>} */ observers: new Set(),
  /** @type {Map<number, { expected: number, samples: number[] }>} */ pending: new Map(),
};

/** @param {number} seq @param {number} expected */
function pendingProbe(seq, expected) {
  let entry = latency.pending.get(seq);
  if (!entry) {
    entry = { expected, samples: [] };
    latency.pending.set(seq, entry);
  }
  return entry;
}

/** Reports a probe once every observer in this worker has seen it. @param {number} seq */
function maybeReport(seq) {
  const entry = latency.pending.get(seq);
  if (!entry || entry.samples.length < entry.expected) return;
  latency.pending.delete(seq);
  send({ event: 'observed', seq, samples: entry.samples });
}

const PROBE = /L(\d+)@([\d.]+);/g;

/** @param {BenchClient} observer */
function observeProbes(observer) {
  observer.onRemoteInsert = (text, at) => {
    for (const match of text.matchAll(PROBE)) {
      const seq = Number(match[1]);
      pendingProbe(seq, latency.observers.size).samples.push(at - Number(match[2]));
      maybeReport(seq);
    }
  };
  latency.observers.add(observer);
}

// ── throughput ──────────────────────────────────────────────────────────────

/**
 * Writers append as fast as the server takes their updates, each with at most
 * `window` updates not yet seen by this worker's witness client (acknowledged
 * = relayed to another client). Stops after `durationMs` or `maxPerWriter`.
 * @param {{ writers: { key: string, index: number }[], witness: string, durationMs: number | null, maxPerWriter: number | null, window: number, progressEveryMs: number }} args
 */
function runThroughput({ writers, witness, durationMs: duration, maxPerWriter: max, window, progressEveryMs }) {
  // Unbounded is sent as null (IPC is JSON).
  const durationMs = duration ?? Infinity;
  const maxPerWriter = max ?? Infinity;
  const witnessClient = client(witness);
  const states = writers.map(({ key, index }) => ({ client: client(key), index, sent: 0, acked: 0, inFlight: 0 }));
  const byIndex = new Map(states.map((s) => [s.index, s]));
  /** @type {number[]} */
  const perSecond = [];
  let ackedInWindow = 0;
  let stopped = false;
  let lastAckAt = nowMs();
  const start = nowMs();

  /** @param {(typeof states)[number]} s */
  const pump = (s) => {
    while (!stopped && s.inFlight < window && s.sent < maxPerWriter) {
      s.client.append(`T${s.index}.${s.sent};`);
      s.sent++;
      s.inFlight++;
    }
  };

  return new Promise((resolve, reject) => {
    const finish = () => {
      const allAcked = states.every((s) => s.inFlight === 0);
      const allSent = states.every((s) => s.sent >= maxPerWriter);
      if (!allAcked || !(stopped || allSent)) return;
      cleanup();
      resolve({
        written: states.reduce((n, s) => n + s.sent, 0),
        ackedInWindow,
        elapsedMs: nowMs() - start,
        perSecond,
      });
    };
    witnessClient.onRemoteInsert = (text, at) => {
      for (const match of text.matchAll(/T(\d+)\.(\d+);/g)) {
        const s = byIndex.get(Number(match[1]));
        if (!s) continue;
        s.inFlight--;
        s.acked++;
        lastAckAt = at;
        const elapsed = at - start;
        if (elapsed <= durationMs) ackedInWindow++;
        const second = Math.floor(elapsed / 1000);
        perSecond[second] = (perSecond[second] ?? 0) + 1;
        pump(s);
      }
      finish();
    };
    const stopTimer = Number.isFinite(durationMs)
      ? setTimeout(() => {
          stopped = true;
          finish();
        }, durationMs)
      : null;
    const progressTimer = setInterval(() => {
      send({ event: 'progress', acked: states.reduce((n, s) => n + s.acked, 0) });
      if (nowMs() - lastAckAt > 30_000) {
        cleanup();
        const inFlight = states.reduce((n, s) => n + s.inFlight, 0);
        reject(new Error(`throughput stalled: nothing acknowledged for 30 s with ${inFlight} updates in flight`));
      }
    }, progressEveryMs);
    const cleanup = () => {
      witnessClient.onRemoteInsert = null;
      if (stopTimer) clearTimeout(stopTimer);
      clearInterval(progressTimer);
    };
    for (const s of states) pump(s);
  });
}

// ── capacity (open loop) ────────────────────────────────────────────────────

/** Observations of capacity keystrokes per step: due-to-observed times, in ms. @type {Map<number, number[]>} */
const capacitySamples = new Map();
const KEYSTROKE = /P(\d+)@([\d.]+);/g;

/**
 * Types like people: every client of `keys` makes one edit (a Yjs update) and
 * one awareness update (its cursor) at Poisson-distributed moments,
 * `ratePerClient` a second on average, for `durationMs`. Open loop: the
 * schedule does not wait for the server; each edit is stamped with the moment
 * it was due, so a late load generator counts against the latency too (and
 * shows up as lag). Every client of this worker records the keystrokes it
 * receives from others.
 * @param {{ keys: string[], step: number, ratePerClient: number, durationMs: number }} args
 */
async function runCapacityStep({ keys, step, ratePerClient, durationMs }) {
  /** @type {number[]} */
  const samples = capacitySamples.get(step) ?? [];
  capacitySamples.set(step, samples);
  for (const key of keys) {
    client(key).onRemoteInsert = (text, at) => {
      for (const match of text.matchAll(KEYSTROKE)) capacitySamples.get(Number(match[1]))?.push(at - Number(match[2]));
    };
  }
  const start = nowMs();
  const end = start + durationMs;
  const gap = () => (-Math.log(1 - Math.random()) * 1000) / ratePerClient;
  const typists = keys.map((key) => ({
    client: client(key),
    due: start + gap(),
    n: 0,
  }));
  /** @type {number[]} */
  const lag = [];
  let sent = 0;
  for (;;) {
    const now = nowMs();
    if (now >= end) break;
    for (const t of typists) {
      while (t.due <= now && t.due < end) {
        t.client.append(`P${step}@${t.due.toFixed(3)};`);
        t.client.provider.awareness.setLocalStateField('cursor', { anchor: t.n, head: t.n });
        lag.push(nowMs() - t.due);
        t.n++;
        sent++;
        t.due += gap();
      }
    }
    await sleep(1);
  }
  lag.sort((a, b) => a - b);
  return {
    sent,
    sentByKey: Object.fromEntries(typists.map((t) => [t.client.spec.key, t.n])),
    lagP99: lag.length ? lag[Math.min(lag.length - 1, Math.ceil(lag.length * 0.99) - 1)] : 0,
  };
}

// ── requests ────────────────────────────────────────────────────────────────

/** @type {Record<string, (args: any) => unknown>} */
const handlers = {
  /** Connects clients (at most `concurrency` at a time); resolves with each one's connect-to-synced time. */
  async connect(
    /** @type {{ clients: ClientSpec[], concurrency: number, timeoutMs: number }} */ {
      clients: specs,
      concurrency,
      timeoutMs,
    },
  ) {
    /** @type {Record<string, number>} */
    const syncMs = {};
    await pool(specs, concurrency, async (spec) => {
      const started = nowMs();
      const c = new BenchClient(spec);
      clients.set(spec.key, c);
      await c.synced(timeoutMs);
      syncMs[spec.key] = nowMs() - started;
    });
    return syncMs;
  },

  'ensure-text'(/** @type {{ keys: string[] }} */ { keys }) {
    for (const key of keys) client(key).ensureText();
  },

  /** Waits until every client has the paragraph (someone's `ensure-text` reached it). */
  async 'await-text'(/** @type {{ keys: string[], timeoutMs: number }} */ { keys, timeoutMs }) {
    const deadline = Date.now() + timeoutMs;
    for (const key of keys) {
      while (!client(key).text()) {
        if (Date.now() > deadline) throw new Error(`${key} never received the paragraph`);
        await sleep(5);
      }
    }
  },

  /**
   * Writes a prepared document (bench/lib/document-recipe.js): each writer
   * applies its own updates of a round to its provider's doc, which sends them
   * one message each, once its doc holds every earlier round. Writer 0 first
   * applies the seed (the paragraph). Resolves when every writer has sent
   * everything.
   */
  async replay(
    /** @type {{ writers: { key: string, index: number }[], seed: string, rounds: string[][][], lengthAfter: number[], timeoutMs: number }} */ {
      writers,
      seed,
      rounds,
      lengthAfter,
      timeoutMs,
    },
  ) {
    let sent = 0;
    const progress = setInterval(() => send({ event: 'progress', acked: sent }), 1_000);
    /** @param {BenchClient} c @param {number} length */
    const holds = (c, length) => (c.text()?.length ?? -1) >= length;
    /** @param {BenchClient} c @param {number} length */
    const reach = (c, length) =>
      holds(c, length)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              c.doc.off('update', check);
              reject(new Error(`${c.spec.key} never reached length ${length}`));
            }, timeoutMs);
            const check = () => {
              if (!holds(c, length)) return;
              clearTimeout(timer);
              c.doc.off('update', check);
              resolve(undefined);
            };
            c.doc.on('update', check);
          });
    try {
      await Promise.all(
        writers.map(async ({ key, index }) => {
          const c = client(key);
          if (index === 0) Y.applyUpdate(c.doc, Buffer.from(seed, 'base64'));
          const mine = rounds[index] ?? [];
          for (let r = 0; r < mine.length; r++) {
            await reach(c, r === 0 ? 0 : (lengthAfter[r - 1] ?? 0));
            for (const update of mine[r] ?? []) {
              Y.applyUpdate(c.doc, Buffer.from(update, 'base64'));
              sent++;
            }
          }
        }),
      );
      return { sent };
    } finally {
      clearInterval(progress);
    }
  },

  'latency-observe'(/** @type {{ keys: string[] }} */ { keys }) {
    latency.observers.clear();
    latency.pending.clear();
    for (const key of keys) observeProbes(client(key));
  },

  /** Writes probe `seq` from `key`; the writer's own observer ignores it (a local change). */
  'latency-write'(/** @type {{ key: string, seq: number }} */ { key, seq }) {
    const writer = client(key);
    const expected = latency.observers.size - (latency.observers.has(writer) ? 1 : 0);
    pendingProbe(seq, expected);
    writer.append(`L${seq}@${nowMs().toFixed(4)};`);
    maybeReport(seq);
  },

  'latency-stop'() {
    for (const observer of latency.observers) observer.onRemoteInsert = null;
    latency.observers.clear();
    latency.pending.clear();
  },

  throughput: runThroughput,

  'capacity-step': runCapacityStep,

  /** The observations of a capacity step (after a grace period for late ones); forgets them. */
  async 'capacity-collect'(/** @type {{ step: number, graceMs: number }} */ { step, graceMs }) {
    await sleep(graceMs);
    const samples = capacitySamples.get(step) ?? [];
    capacitySamples.delete(step);
    return samples.map((v) => Math.round(v * 1000) / 1000);
  },

  'capacity-stop'(/** @type {{ keys: string[] }} */ { keys }) {
    for (const key of keys) client(key).onRemoteInsert = null;
    capacitySamples.clear();
  },

  /** Each client's state: its state vector (as sorted entries), and a hash and length of its text. */
  state(/** @type {{ keys: string[] }} */ { keys }) {
    return keys.map((key) => {
      const doc = client(key).doc;
      const vector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]);
      const text = client(key).text()?.toString() ?? '';
      return {
        key,
        stateVector: JSON.stringify(vector),
        textSha1: createHash('sha1').update(text).digest('hex'),
        textLength: text.length,
        edits: text.split(';').length - 1,
      };
    });
  },

  /** A little editing: each client appends `count` small edits at random moments within `spreadMs`. */
  async edit(/** @type {{ keys: string[], count: number, spreadMs: number }} */ { keys, count, spreadMs }) {
    await Promise.all(
      keys.flatMap((key) =>
        Array.from({ length: count }, async (_, n) => {
          await sleep(Math.random() * spreadMs);
          client(key).append(`M${n};`);
        }),
      ),
    );
  },

  /**
   * A fresh client's connect-to-synced time for a document, the size of the
   * state it got, how many edits that state holds, and the floor: this
   * process decoding that state into an empty Y.Doc (fastest of `decodeRuns`).
   */
  async 'cold-connect'(
    /** @type {{ spec: ClientSpec, decodeRuns: number, timeoutMs: number }} */ { spec, decodeRuns, timeoutMs },
  ) {
    const started = nowMs();
    const c = new BenchClient(spec);
    try {
      await c.synced(timeoutMs);
      const syncMs = nowMs() - started;
      const state = Y.encodeStateAsUpdate(c.doc);
      const text = c.text()?.toString() ?? '';
      /** @type {number[]} */
      const decodeMs = [];
      for (let i = 0; i < decodeRuns; i++) {
        const doc = new Y.Doc();
        const t0 = nowMs();
        Y.applyUpdate(doc, state);
        decodeMs.push(nowMs() - t0);
        doc.destroy();
      }
      return { syncMs, stateBytes: state.length, edits: text.split(';').length - 1, decodeMs: Math.min(...decodeMs) };
    } finally {
      await c.destroy();
    }
  },

  async close(/** @type {{ keys: string[] }} */ { keys }) {
    await Promise.all(
      keys.map(async (key) => {
        const c = clients.get(key);
        clients.delete(key);
        await c?.destroy();
      }),
    );
  },

  memory() {
    return { rssMiB: process.memoryUsage().rss / 1024 / 1024, clients: clients.size };
  },
};

process.on('message', (/** @type {{ id: number, op: string }} */ message) => {
  const handler = handlers[message.op];
  Promise.resolve()
    .then(() => {
      if (!handler) throw new Error(`unknown op ${message.op}`);
      return handler(message);
    })
    .then(
      (result) => send({ id: message.id, ok: true, result }),
      (/** @type {unknown} */ error) =>
        send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});

// Ends with the bench, whatever happens to it.
process.on('disconnect', () => process.exit(0));
