// @ts-check
/**
 * The four measurements, each run the same way against either server.
 * Clients live in the load-generator workers; only plans and results cross IPC.
 */
import { memoryOf, nowMs, sleep } from './processes.js';
import { median, summarize } from './stats.js';
import { spread } from './workers.js';

/** @typedef {import('./targets.js').Target} Target */
/** @typedef {import('./workers.js').ClientWorker} ClientWorker */
/** @typedef {import('../client-worker.js').ClientSpec} ClientSpec */
/** @typedef {(line: string) => void} Log */
/** @typedef {import('./cpu-meter.js').CpuMeter} CpuMeter */

const CONNECT = { concurrency: 20, timeoutMs: 60_000 };

/**
 * Opens `n` clients on one new document, spread over the workers, and makes sure the paragraph exists.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {string} label
 * @param {number} n
 * @param {(i: number) => string} [keyOf]
 */
async function openDocument(target, workers, label, n, keyOf = (i) => `${target.id}-${label}-${i}`) {
  const room = await target.newDocument(label);
  const specs = Array.from({ length: n }, (_, i) => target.spec(keyOf(i), room, i));
  const byWorker = spread(specs, workers);
  const syncMs = await connectAll(byWorker);
  const first = /** @type {ClientSpec} */ (specs[0]);
  await workerOf(byWorker, first.key).request('ensure-text', { keys: [first.key] });
  await Promise.all(
    [...byWorker].map(([w, list]) => w.request('await-text', { keys: list.map((s) => s.key), timeoutMs: 30_000 })),
  );
  return { room, specs, byWorker, syncMs };
}

/**
 * Logs the workers' summed progress events at most every 5 s; returns a function that stops listening.
 * @param {readonly ClientWorker[]} workers @param {string} label @param {string} noun @param {Log} log
 */
function logProgress(workers, label, noun, log) {
  const counts = new Map(workers.map((w) => [w, 0]));
  let lastLog = nowMs();
  const listeners = workers.map((w) => {
    const listener = (/** @type {{ acked: number }} */ m) => {
      counts.set(w, m.acked);
      if (nowMs() - lastLog < 5_000) return;
      lastLog = nowMs();
      const sum = [...counts.values()].reduce((a, b) => a + b, 0);
      log(`  ${label}: ${sum.toLocaleString('en-GB')} ${noun}`);
    };
    w.on('progress', listener);
    return () => w.off('progress', listener);
  });
  return () => listeners.forEach((stop) => stop());
}

/**
 * Connects every client, `CONNECT.concurrency` at a time per worker unless `concurrency` (in all) is given.
 * @param {Map<ClientWorker, ClientSpec[]>} byWorker @param {number} [concurrency] @returns {Promise<number[]>}
 */
async function connectAll(byWorker, concurrency) {
  const perWorker = concurrency ? Math.max(1, Math.ceil(concurrency / byWorker.size)) : CONNECT.concurrency;
  const results = await Promise.all(
    [...byWorker].map(([w, list]) => w.request('connect', { clients: list, ...CONNECT, concurrency: perWorker })),
  );
  return results.flatMap((r) => Object.values(r));
}

/** @param {Map<ClientWorker, ClientSpec[]>} byWorker */
async function closeAll(byWorker) {
  await Promise.all([...byWorker].map(([w, list]) => w.request('close', { keys: list.map((s) => s.key) })));
}

/** @param {Map<ClientWorker, ClientSpec[]>} byWorker @param {string} key */
function workerOf(byWorker, key) {
  for (const [w, list] of byWorker) if (list.some((s) => s.key === key)) return w;
  throw new Error(`no worker holds ${key}`);
}

/**
 * Waits until every client has the same state vector and text; returns how long that took.
 * @param {Map<ClientWorker, ClientSpec[]>} byWorker
 * @param {number} timeoutMs
 */
async function convergence(byWorker, timeoutMs) {
  const started = nowMs();
  for (;;) {
    const states = (
      await Promise.all([...byWorker].map(([w, list]) => w.request('state', { keys: list.map((s) => s.key) })))
    ).flat();
    const first = states[0];
    const converged = states.every(
      (s) => s.stateVector === first.stateVector && s.textSha1 === first.textSha1 && s.textLength === first.textLength,
    );
    if (converged || nowMs() - started > timeoutMs) {
      return {
        converged,
        clients: states.length,
        ms: nowMs() - started,
        edits: first.edits,
        textLength: first.textLength,
      };
    }
    await sleep(100);
  }
}

/**
 * Edit propagation latency: one writer at a time (rotating through the
 * clients) appends a probe stamped with CLOCK_MONOTONIC; every other client
 * records when it observes it. The next probe is written once everyone saw
 * the last one.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ clients: number, edits: number, warmup: number, log: Log, meter?: CpuMeter }} plan
 */
export async function measureLatency(target, workers, { clients, edits, warmup, log, meter }) {
  const { byWorker, specs } = await openDocument(target, workers, `lat${clients}`, clients);
  await Promise.all([...byWorker].map(([w, list]) => w.request('latency-observe', { keys: list.map((s) => s.key) })));
  /** @type {number[]} */
  const samples = [];
  /** @type {number[]} */
  const lastSeen = [];
  /** @type {Map<number, { waiting: Set<ClientWorker>, samples: number[], done: () => void }>} */
  const probes = new Map();
  /** @type {Map<ClientWorker, (message: { seq: number, samples: number[] }) => void>} */
  const listeners = new Map();
  for (const w of byWorker.keys()) {
    const listener = (/** @type {{ seq: number, samples: number[] }} */ { seq, samples: seen }) => {
      const probe = probes.get(seq);
      if (!probe) return;
      probe.samples.push(...seen);
      probe.waiting.delete(w);
      if (probe.waiting.size === 0) probe.done();
    };
    listeners.set(w, listener);
    w.on('observed', listener);
  }
  const stopMeter = await meter?.start(target.pid);
  /** @type {import('./cpu-meter.js').CpuUse | null} */
  let cpu = null;
  try {
    const total = warmup + edits;
    let reported = 0;
    for (let seq = 0; seq < total; seq++) {
      const writer = /** @type {ClientSpec} */ (specs[seq % specs.length]);
      /** @type {number[]} */
      const seen = [];
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          probes.delete(seq);
          reject(new Error(`probe ${seq} was not observed by every client within 15 s`));
        }, 15_000);
        const probe = {
          waiting: new Set(byWorker.keys()),
          samples: seen,
          done: () => {
            clearTimeout(timer);
            probes.delete(seq);
            resolve(undefined);
          },
        };
        probes.set(seq, probe);
        workerOf(byWorker, writer.key)
          .request('latency-write', { key: writer.key, seq })
          .catch((/** @type {Error} */ error) => {
            clearTimeout(timer);
            reject(error);
          });
      });
      if (seen.length !== clients - 1)
        throw new Error(`probe ${seq}: ${seen.length} observations, expected ${clients - 1}`);
      if (seq >= warmup) {
        samples.push(...seen);
        lastSeen.push(Math.max(...seen));
      }
      const done = Math.floor(((seq + 1) / total) * 4);
      if (done > reported) {
        reported = done;
        log(`  ${target.label}, ${clients} clients: ${seq + 1}/${total} edits`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    cpu = (await stopMeter?.()) ?? null;
  } finally {
    for (const [w, listener] of listeners) w.off('observed', listener);
    await Promise.all([...byWorker.keys()].map((w) => w.request('latency-stop')));
    await closeAll(byWorker);
  }
  return { clients, edits, observations: summarize(samples), lastObserver: summarize(lastSeen), cpu };
}

/**
 * Runs writers that append as fast as the server acknowledges (relays) their
 * updates, each with at most `window` unacknowledged; one witness client per
 * worker does the acknowledging.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ label: string, writers: number, window: number, durationMs: number | null, perWriter: number | null, log: Log, meter?: CpuMeter }} plan
 */
async function runWriters(target, workers, { label, writers, window, durationMs, perWriter, log, meter }) {
  const usable = workers.slice(0, Math.min(workers.length, writers));
  const room = await target.newDocument(label);
  const writerSpecs = Array.from({ length: writers }, (_, i) => target.spec(`${target.id}-${label}-w${i}`, room, i));
  const byWorker = spread(writerSpecs, usable);
  /** @type {Map<ClientWorker, string>} */
  const witnesses = new Map();
  for (const w of byWorker.keys()) {
    const witness = target.spec(`${target.id}-${label}-witness${w.index}`, room, writers + w.index);
    byWorker.get(w)?.push(witness);
    witnesses.set(w, witness.key);
  }
  await connectAll(byWorker);
  const first = /** @type {ClientSpec} */ (writerSpecs[0]);
  await workerOf(byWorker, first.key).request('ensure-text', { keys: [first.key] });
  await Promise.all(
    [...byWorker].map(([w, list]) => w.request('await-text', { keys: list.map((s) => s.key), timeoutMs: 30_000 })),
  );
  const stopProgress = logProgress([...byWorker.keys()], `${target.label}`, 'updates acknowledged', log);
  const stopMeter = await meter?.start(target.pid);
  const started = nowMs();
  try {
    const results = await Promise.all(
      [...byWorker].map(([w, list]) =>
        w.request('throughput', {
          writers: list
            .filter((s) => s.key !== witnesses.get(w))
            .map((s) => ({ key: s.key, index: writerSpecs.indexOf(s) })),
          witness: witnesses.get(w),
          durationMs,
          maxPerWriter: perWriter,
          window,
          progressEveryMs: 1_000,
        }),
      ),
    );
    const elapsedMs = nowMs() - started;
    const cpu = (await stopMeter?.()) ?? null;
    const written = results.reduce((n, r) => n + r.written, 0);
    const ackedInWindow = results.reduce((n, r) => n + r.ackedInWindow, 0);
    /** @type {number[]} */
    const perSecond = [];
    for (const r of results)
      r.perSecond.forEach(
        (/** @type {number} */ v, /** @type {number} */ i) => (perSecond[i] = (perSecond[i] ?? 0) + (v ?? 0)),
      );
    const converged = await convergence(byWorker, 30_000);
    if (converged.edits !== written) {
      converged.converged = false;
      log(`  ${target.label}: ${written} updates written but the converged text holds ${converged.edits}`);
    }
    return { byWorker, written, ackedInWindow, elapsedMs, perSecond, converged, cpu };
  } catch (error) {
    await closeAll(byWorker).catch(() => undefined);
    throw error;
  } finally {
    stopProgress();
  }
}

/**
 * Writes a prepared document through `writers` real clients on a new
 * document, then checks that every client converged on all of it.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ recipe: import('./document-recipe.js').DocumentRecipe, writers: number, log: Log, meter?: CpuMeter }} plan
 */
async function replayDocument(target, workers, { recipe, writers, log, meter }) {
  const room = await target.newDocument('cold');
  const specs = Array.from({ length: writers }, (_, i) => target.spec(`${target.id}-cold-w${i}`, room, i));
  const byWorker = spread(specs, workers.slice(0, Math.min(workers.length, writers)));
  await connectAll(byWorker);
  const stopProgress = logProgress([...byWorker.keys()], `${target.label}`, 'updates sent', log);
  const stopMeter = await meter?.start(target.pid);
  const started = nowMs();
  try {
    const results = await Promise.all(
      [...byWorker].map(([w, list]) =>
        w.request('replay', {
          writers: list.map((s) => ({ key: s.key, index: specs.indexOf(s) })),
          seed: recipe.seed,
          rounds: recipe.rounds,
          lengthAfter: recipe.lengthAfter,
          timeoutMs: 60_000,
        }),
      ),
    );
    const written = results.reduce((n, r) => n + r.sent, 0);
    const converged = await convergence(byWorker, 60_000);
    const elapsedMs = nowMs() - started;
    const cpu = (await stopMeter?.()) ?? null;
    if (converged.edits !== written) {
      converged.converged = false;
      log(`  ${target.label}: ${written} updates written but the converged text holds ${converged.edits}`);
    }
    return { byWorker, room, written, elapsedMs, converged, cpu };
  } catch (error) {
    await closeAll(byWorker).catch(() => undefined);
    throw error;
  } finally {
    stopProgress();
  }
}

/**
 * Update throughput: `writers` concurrent writers for a fixed duration;
 * updates/s acknowledged (relayed to another client) within it, then a check
 * that every client converged to the same state holding every update.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ writers: number, window: number, durationMs: number, log: Log, meter?: CpuMeter }} plan
 */
export async function measureThroughput(target, workers, { writers, window, durationMs, log, meter }) {
  const run = await runWriters(target, workers, {
    label: 'tput',
    writers,
    window,
    durationMs,
    perWriter: null,
    log,
    meter,
  });
  await closeAll(run.byWorker);
  return {
    writers,
    window,
    durationMs,
    updatesPerSecond: run.ackedInWindow / (durationMs / 1000),
    written: run.written,
    ackedInWindow: run.ackedInWindow,
    perSecond: run.perSecond,
    converged: run.converged,
    cpu: run.cpu,
  };
}

/**
 * Cold load: the prepared document (the same small updates for both servers,
 * bench/lib/document-recipe.js) written through real clients, then every
 * client leaves. Roundtable unloads the document (COLLAB_UNLOAD_AFTER_MS), so a
 * fresh client's connect-to-synced time includes loading it from PostgreSQL;
 * the reference still holds it in memory. Also: the client's own decode of the
 * state (the floor), and for Roundtable a warm connect (document in memory).
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ recipe: import('./document-recipe.js').DocumentRecipe, writers: number, samples: number, log: Log, meter?: CpuMeter }} plan
 */
export async function measureColdLoad(target, workers, { recipe, writers, samples, log, meter }) {
  const run = await replayDocument(target, workers, { recipe, writers, log, meter });
  const { room } = run;
  log(
    `  ${target.label}: ${run.written.toLocaleString('en-GB')} updates written in ${(run.elapsedMs / 1000).toFixed(1)} s; all clients leave`,
  );
  await closeAll(run.byWorker);
  const worker = /** @type {ClientWorker} */ (workers[0]);
  const settleMs = Number.isFinite(target.unloadAfterMs) ? target.unloadAfterMs + 1_000 : 200;
  /** @param {string} key */
  const connectFresh = async (key) => {
    const result = await worker.request('cold-connect', {
      spec: target.spec(key, room, 0),
      decodeRuns: 5,
      timeoutMs: 60_000,
    });
    if (result.edits !== run.written) throw new Error(`${key} loaded ${result.edits} edits, expected ${run.written}`);
    return result;
  };
  const cold = [];
  for (let i = 0; i < samples; i++) {
    await sleep(settleMs); // Roundtable: past the unload grace period, so the next connect loads from PostgreSQL
    cold.push(await connectFresh(`${target.id}-cold-fresh${i}`));
  }
  let warm = null;
  if (Number.isFinite(target.unloadAfterMs)) {
    // The same connect with the document kept in memory by another client.
    const holder = target.spec(`${target.id}-cold-holder`, room, 1);
    await worker.request('connect', { clients: [holder], ...CONNECT });
    warm = [];
    for (let i = 0; i < samples; i++) warm.push(await connectFresh(`${target.id}-warm-fresh${i}`));
    await worker.request('close', { keys: [holder.key] });
  }
  return {
    updates: run.written,
    writeSeconds: run.elapsedMs / 1000,
    writeCpu: run.cpu,
    converged: run.converged,
    stateBytes: cold[0]?.stateBytes,
    connectMs: median(cold.map((c) => c.syncMs)),
    connectSamplesMs: cold.map((c) => c.syncMs),
    decodeMs: Math.min(...cold.map((c) => c.decodeMs)),
    decodeSamplesMs: cold.map((c) => c.decodeMs),
    warmConnectMs: warm ? median(warm.map((c) => c.syncMs)) : null,
    warmSamplesMs: warm ? warm.map((c) => c.syncMs) : null,
  };
}

/**
 * Server memory: RSS after boot; with `meetings` documents × `perMeeting`
 * clients connected (`concurrency` connecting at a time, in all) and synced,
 * before anyone edits (per idle connection = the growth over boot / clients);
 * then after each client made `edits` small edits.
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ meetings: number, perMeeting: number, edits: number, spreadMs: number, concurrency: number, log: Log }} plan
 */
export async function measureMemory(target, workers, { meetings, perMeeting, edits, spreadMs, concurrency, log }) {
  const idle = memoryOf(target.pid);
  /** @type {ClientSpec[]} */
  const specs = [];
  /** @type {ClientSpec[]} */
  const firsts = [];
  for (let m = 0; m < meetings; m++) {
    const room = await target.newDocument(`mem${m}`);
    for (let i = 0; i < perMeeting; i++) {
      const spec = target.spec(`${target.id}-mem${m}-${i}`, room, i);
      specs.push(spec);
      if (i === 0) firsts.push(spec);
    }
  }
  log(`  ${target.label}: ${meetings} documents ready; connecting ${specs.length} clients`);
  // Per connection counts from here: making the documents (meetings, members, their calendar emails on
  // Roundtable) grows a server's heap before any client connects, and that is not the connections' cost.
  await sleep(1_000);
  const ready = memoryOf(target.pid);
  const byWorker = spread(specs, workers);
  try {
    const syncMs = await connectAll(byWorker, concurrency);
    await sleep(1_000); // the last connections' bookkeeping (audit entries, stores) settles
    const connected = memoryOf(target.pid);
    await Promise.all(
      [...byWorker].map(([w, list]) =>
        w.request('ensure-text', { keys: list.filter((s) => firsts.includes(s)).map((s) => s.key) }),
      ),
    );
    await Promise.all(
      [...byWorker].map(([w, list]) => w.request('await-text', { keys: list.map((s) => s.key), timeoutMs: 30_000 })),
    );
    log(`  ${target.label}: ${specs.length} clients connected; editing`);
    await Promise.all(
      [...byWorker].map(([w, list]) => w.request('edit', { keys: list.map((s) => s.key), count: edits, spreadMs })),
    );
    await sleep(2_000); // let the last edits be stored and relayed
    const loaded = memoryOf(target.pid);
    return {
      meetings,
      clientsPerMeeting: perMeeting,
      concurrency,
      idleRssMiB: idle.rssMiB,
      readyRssMiB: ready.rssMiB,
      connectedRssMiB: connected.rssMiB,
      perConnectionKiB: ((connected.rssMiB - ready.rssMiB) * 1024) / specs.length,
      // The figure before 2026-12-07, from the RSS after boot: it also counts making the documents.
      perConnectionFromBootKiB: ((connected.rssMiB - idle.rssMiB) * 1024) / specs.length,
      rssMiB: loaded.rssMiB,
      peakRssMiB: loaded.peakMiB,
      connectMs: summarize(syncMs),
    };
  } finally {
    await closeAll(byWorker);
  }
}

/**
 * Capacity at a latency objective: `meetings` documents × `perMeeting`
 * clients, each typing like a person (an edit and a cursor move at random
 * moments, `rate` a second on average), open loop. The offered rate per
 * client steps up through `rates`; each step runs `stepMs` and counts every
 * edit's propagation to every other client of its meeting, from the moment
 * the edit was due. Observations still missing `graceMs` after a step count
 * as over the objective. Stops at the first step whose p99 is over
 * `objectiveMs`. Latency counts from the moment an edit was due, so a load
 * generator that falls behind its schedule fails a step too; each step
 * reports the generators' lag (p99 of sent − due) so that can be told apart.
 * The result is the highest step under the objective: the aggregate rate
 * delivered, its p99, and the CPU of the server and PostgreSQL during it.
 *
 * With `verify` (the topology run) it then checks every meeting: all its
 * clients converged (state vector and text), and its text holds every edit
 * its clients made (lost = made − held).
 * @param {Target} target
 * @param {readonly ClientWorker[]} workers
 * @param {{ meetings: number, perMeeting: number, rates: number[], stepMs: number, graceMs: number, objectiveMs: number, verify?: boolean, log: Log, meter?: CpuMeter }} plan
 */
export async function measureCapacity(
  target,
  workers,
  { meetings, perMeeting, rates, stepMs, graceMs, objectiveMs, verify = false, log, meter },
) {
  /** @type {ClientSpec[]} */
  const specs = [];
  /** @type {ClientSpec[]} */
  const firsts = [];
  for (let m = 0; m < meetings; m++) {
    const room = await target.newDocument(`cap${m}`);
    for (let i = 0; i < perMeeting; i++) {
      const spec = target.spec(`${target.id}-cap${m}-${i}`, room, i);
      specs.push(spec);
      if (i === 0) firsts.push(spec);
    }
  }
  const byWorker = spread(specs, workers);
  const keysOf = (/** @type {ClientSpec[]} */ list) => list.map((s) => s.key);
  /** @type {any[]} */
  const steps = [];
  /** Edits each client made, over all steps. @type {Map<string, number>} */
  const sentByKey = new Map();
  /** @type {any} */
  let verified = null;
  /** @type {Record<string, number> | null} */
  let spreadOver = null;
  try {
    await connectAll(byWorker, 40);
    await Promise.all(
      [...byWorker].map(([w, list]) =>
        w.request('ensure-text', { keys: keysOf(list.filter((s) => firsts.includes(s))) }),
      ),
    );
    await Promise.all(
      [...byWorker].map(([w, list]) => w.request('await-text', { keys: keysOf(list), timeoutMs: 60_000 })),
    );
    spreadOver = target.connectionsPerInstance?.() ?? null;
    log(
      `  ${target.label}: ${specs.length} clients connected${spreadOver ? ` (TCP connections to each instance: ${JSON.stringify(spreadOver)})` : ''}`,
    );
    for (let step = 0; step < rates.length; step++) {
      const rate = /** @type {number} */ (rates[step]);
      const offered = rate * specs.length;
      const stopMeter = await meter?.start(target.pids ?? target.pid, target.extraPids);
      const results = await Promise.all(
        [...byWorker].map(([w, list]) =>
          w.request('capacity-step', { keys: keysOf(list), step, ratePerClient: rate, durationMs: stepMs }),
        ),
      );
      const cpu = (await stopMeter?.()) ?? null;
      const samples = (
        await Promise.all([...byWorker.keys()].map((w) => w.request('capacity-collect', { step, graceMs })))
      ).flat();
      const sent = results.reduce((n, r) => n + r.sent, 0);
      for (const r of results)
        for (const [key, n] of Object.entries(r.sentByKey)) sentByKey.set(key, (sentByKey.get(key) ?? 0) + n);
      const expected = sent * (perMeeting - 1);
      const missing = Math.max(0, expected - samples.length);
      // Missing observations are later than any seen: they fill the top ranks.
      const all = samples.concat(Array.from({ length: missing }, () => Infinity));
      const summary = all.length ? summarize(all) : null;
      const lagP99 = Math.max(...results.map((r) => r.lagP99));
      const delivered = sent / (stepMs / 1000);
      const r = {
        ratePerClient: rate,
        offered,
        delivered,
        observations: samples.length,
        missing,
        p50: summary?.p50 ?? null,
        p99: summary?.p99 ?? null,
        generatorLagP99: lagP99,
        cpu,
      };
      steps.push(r);
      log(
        `  ${target.label}: ${rate}/s per client = ${offered.toFixed(0)} updates/s offered, ${delivered.toFixed(0)} sent; ` +
          `p50 ${r.p50?.toFixed(1)} / p99 ${r.p99?.toFixed(1)} ms over ${samples.length} observations (${missing} missing); ` +
          `generator lag p99 ${lagP99.toFixed(1)} ms; CPU server ${cpu?.server.toFixed(2)}, PostgreSQL ${cpu?.postgres.toFixed(2)}, clients ${cpu?.loadGenerators.toFixed(2)}`,
      );
      if (!(r.p99 !== null && r.p99 < objectiveMs)) break;
    }
    if (verify) verified = await verifyMeetings(byWorker, sentByKey, log);
  } finally {
    await Promise.all([...byWorker].map(([w, list]) => w.request('capacity-stop', { keys: keysOf(list) })));
    await closeAll(byWorker);
  }
  const passed = steps.filter((s) => s.p99 !== null && s.p99 < objectiveMs);
  const best = passed[passed.length - 1] ?? null;
  const failed = steps.find((s) => !passed.includes(s)) ?? null;
  return {
    meetings,
    perMeeting,
    objectiveMs,
    stepMs,
    best,
    failed,
    // Latency counts from when an edit was due, so a late load generator fails a step too: this says when that was likely.
    generatorBound: failed !== null && failed.generatorLagP99 > objectiveMs / 2,
    steps,
    verified,
    spreadOver,
  };
}

/**
 * Per meeting (clients sharing a room): waits up to 30 s until all its clients
 * hold the same state vector and text, then compares the edits in that text
 * with the edits its clients made.
 * @param {Map<ClientWorker, ClientSpec[]>} byWorker
 * @param {Map<string, number>} sentByKey
 * @param {Log} log
 */
async function verifyMeetings(byWorker, sentByKey, log) {
  /** @type {Map<string, string>} */
  const roomOf = new Map();
  for (const list of byWorker.values()) for (const s of list) roomOf.set(s.key, s.room);
  const started = nowMs();
  for (;;) {
    const states = (
      await Promise.all([...byWorker].map(([w, list]) => w.request('state', { keys: list.map((s) => s.key) })))
    ).flat();
    /** @type {Map<string, any[]>} */
    const byRoom = new Map();
    for (const state of states) {
      const room = /** @type {string} */ (roomOf.get(state.key));
      byRoom.set(room, [...(byRoom.get(room) ?? []), state]);
    }
    let divergent = 0;
    let lost = 0;
    let made = 0;
    for (const list of byRoom.values()) {
      const first = list[0];
      if (!list.every((s) => s.stateVector === first.stateVector && s.textSha1 === first.textSha1)) divergent++;
      const sent = list.reduce((n, s) => n + (sentByKey.get(s.key) ?? 0), 0);
      made += sent;
      lost += Math.max(0, sent - Math.min(...list.map((s) => s.edits)));
    }
    const ms = nowMs() - started;
    if ((divergent === 0 && lost === 0) || ms > 30_000) {
      log(
        `  ${byRoom.size} meetings: ${divergent === 0 ? 'all converged' : `${divergent} NOT CONVERGED`}; ` +
          `${made} edits made, ${lost} lost (after ${(ms / 1000).toFixed(1)} s)`,
      );
      return { meetings: byRoom.size, divergent, converged: divergent === 0, made, lost, ms };
    }
    await sleep(200);
  }
}
