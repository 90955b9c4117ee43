#!/usr/bin/env node
// @ts-check
/**
 * npm run bench [-- --quick] [--no-build] [--workers N] [--only memory,latency,throughput,capacity,cold,topology] [--profile] [--objective-ms 50]
 *
 * Starts Roundtable (built server, fresh database on the machine's PostgreSQL,
 * auth + persistence + audit on), the stock @y/websocket-server 0.1.1 and
 * Hocuspocus 3.4.4 with its database extension side by side, drives them with
 * stock y-websocket clients (HocuspocusProviders for Hocuspocus) in separate
 * load-generator processes, prints one table and writes
 * bench/results/bench-<time>.json. The memory scenario adds the framework
 * floor (bench/framework-floor.js), the topology scenario two Roundtable
 * instances with Redis behind nginx. Not part of the test suite.
 * BENCH_POSTGRES_URL picks the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL the Redis server of the topology run (default redis://127.0.0.1:6379).
 */
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CpuMeter } from './lib/cpu-meter.js';
import { freePort, nowMs, stopChild, waitForHttp } from './lib/processes.js';
import { formatMarkdown, formatTable, row } from './lib/report.js';
import { summarize } from './lib/stats.js';
import {
  COLLAB_UNLOAD_AFTER_MS,
  REPO_ROOT,
  createDatabase,
  createUserWithCli,
  ensureServerBuilt,
  signIn,
  startRoundtable,
} from './lib/roundtable.js';
import { documentRecipe } from './lib/document-recipe.js';
import { measureCapacity, measureColdLoad, measureLatency, measureMemory, measureThroughput } from './lib/scenarios.js';
import { floorTarget, hocuspocusTarget, referenceTarget, roundtableTarget } from './lib/targets.js';
import { childPids, establishedTo, redisPid, startNginx } from './lib/topology.js';
import { ClientWorker } from './lib/workers.js';

const SCENARIOS = ['memory', 'latency', 'throughput', 'capacity', 'cold', 'topology'];
const SERVERS = ['roundtable', 'reference', 'hocuspocus'];

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    only: { type: 'string', default: SCENARIOS.join(',') },
    servers: { type: 'string', default: SERVERS.join(',') },
    profile: { type: 'boolean', default: false },
    'objective-ms': { type: 'string', default: '50' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  process.stdout.write(
    'npm run bench [-- --quick] [--no-build] [--workers N] [--only memory,latency,throughput,capacity,cold,topology] [--profile] [--objective-ms 50]\n' +
      '--profile writes a V8 CPU profile of the Roundtable process to bench/results/\n' +
      "--objective-ms N: the capacity scenario's p99 objective (default 50 ms, issue 20's)\n" +
      '--servers roundtable[,reference,hocuspocus]: the servers measured (default all; Roundtable always):\n' +
      '  --servers roundtable compares builds of Roundtable in a third of the time\n' +
      'BENCH_POSTGRES_URL = an existing database on the PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432/postgres)\n' +
      'BENCH_REDIS_URL = the Redis server of the topology run (default redis://127.0.0.1:6379)\n',
  );
  process.exit(0);
}
const only = new Set(options.only.split(',').map((s) => s.trim()));
for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario ${name} (${SCENARIOS})`);
const servers = new Set(options.servers.split(',').map((s) => s.trim()));
for (const name of servers) if (!SERVERS.includes(name)) throw new Error(`unknown server ${name} (${SERVERS})`);
if (!servers.has('roundtable'))
  throw new Error('--servers must include roundtable (it makes the accounts and meetings)');

const PLAN = options.quick
  ? {
      latency: { sizes: [2, 20, 100], edits: 100, warmup: 10 },
      throughput: { writers: 10, window: 10, durationMs: 3_000 },
      capacity: {
        meetings: 5,
        perMeeting: 10,
        rates: [1, 4, 16, 64],
        stepMs: 3_000,
        graceMs: 1_000,
        objectiveMs: Number(options['objective-ms']),
      },
      cold: { updates: 5_000, writers: 10, perRound: 10, samples: 3 },
      topology: {
        meetings: 5,
        perMeeting: 10,
        rates: [1, 4],
        stepMs: 3_000,
        graceMs: 1_000,
        objectiveMs: Number(options['objective-ms']),
      },
      memory: { meetings: 10, perMeeting: 10, edits: 2, spreadMs: 1_000, concurrency: 40 },
    }
  : {
      latency: { sizes: [2, 20, 100], edits: 1_000, warmup: 50 },
      throughput: { writers: 10, window: 10, durationMs: 15_000 },
      capacity: {
        meetings: 100,
        perMeeting: 10,
        // Tenths between 500/s and 1,000/s, where the servers part on a 2-core machine: with a step
        // from 500 to 1,000 a server that carries 900 and one that carries 500 read the same.
        rates: [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 12, 16],
        stepMs: 10_000,
        graceMs: 2_000,
        objectiveMs: Number(options['objective-ms']),
      },
      cold: { updates: 50_000, writers: 10, perRound: 10, samples: 7 },
      topology: {
        meetings: 100,
        perMeeting: 10,
        rates: [0.5, 1, 2, 3, 4, 6, 8, 12, 16],
        stepMs: 10_000,
        graceMs: 2_000,
        objectiveMs: Number(options['objective-ms']),
      },
      memory: { meetings: 50, perMeeting: 10, edits: 2, spreadMs: 3_000, concurrency: 40 },
    };
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

const startedAt = new Date();
/** The last lines Roundtable printed, shown when the bench fails. @type {string[]} */
let serverTail = [];
/** Set on SIGINT/SIGTERM: what fails afterwards is the cleanup's doing, not worth reporting. */
let interrupted = false;
const clock0 = nowMs();
/** @param {string} line */
const log = (line) => process.stdout.write(`[${((nowMs() - clock0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

/** Undo steps, run in reverse order once, whatever happens. @type {{ what: string, run: () => Promise<unknown> }[]} */
const cleanups = [];
let cleaningUp = null;
function cleanUp() {
  cleaningUp ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`cleanup: could not ${step.what}: ${error instanceof Error ? error.message : error}\n`);
      }
    }
  })();
  return cleaningUp;
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping servers and workers, dropping the bench database…\n`);
    void cleanUp().then(() => process.exit(130));
  });
}

/** @param {string} command @param {string[]} args */
function tryExec(command, args) {
  try {
    return execFileSync(command, args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const cpus = os.cpus();
  log(
    `Roundtable bench${options.quick ? ' (--quick)' : ''}: node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, scenarios: ${[...only].join(', ')}`,
  );
  ensureServerBuilt({ log, skip: options['no-build'] });

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-bench-'));
  cleanups.push({ what: `remove ${tmpDir}`, run: async () => rmSync(tmpDir, { recursive: true, force: true }) });
  const database = await createDatabase(PG_URL).catch((/** @type {Error} */ error) => {
    throw new Error(`cannot create a database on ${PG_URL} (${error.message}); set BENCH_POSTGRES_URL`);
  });
  cleanups.push({ what: `drop database ${database.name}`, run: database.drop });
  const pgSettings = await postgresSettings(database.url);
  log(
    `database ${database.name} created on PostgreSQL ${pgSettings.server_version} ` +
      `(fsync ${pgSettings.fsync}, synchronous_commit ${pgSettings.synchronous_commit}); load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
  const commit = await commitLatency(database.url, options.quick ? 200 : 2_000);
  log(
    `PostgreSQL: one-row INSERT commit p50 ${commit.p50.toFixed(2)} / p99 ${commit.p99.toFixed(2)} ms (under every Roundtable edit)`,
  );

  const logFile = path.join(RESULTS_DIR, `roundtable-${stamp}.log`);
  const roundtable = await startRoundtable({
    databaseUrl: database.url,
    port: await freePort(),
    tmpDir,
    logFile,
    nodeArgs: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}`] : [],
  });
  serverTail = roundtable.tail;
  cleanups.push({ what: 'stop Roundtable', run: roundtable.stop });
  log(`Roundtable running at ${roundtable.url} (pid ${roundtable.pid}); its log: ${path.relative(REPO_ROOT, logFile)}`);
  const reference = servers.has('reference') ? await startReference() : null;
  if (reference) log(`reference (@y/websocket-server 0.1.1) running at ${reference.url} (pid ${reference.pid})`);
  const hocuspocus = servers.has('hocuspocus') ? await startHocuspocus(database.url) : null;
  if (hocuspocus) {
    log(
      `Hocuspocus (@hocuspocus/server 3.4.4 + extension-database, table hocuspocus_documents) running at ${hocuspocus.url} (pid ${hocuspocus.pid})`,
    );
  }
  const accounts = await createAccounts(
    roundtable.url,
    database.url,
    tmpDir,
    only.has('capacity') || only.has('topology') ? 20 : 10,
  );

  const workerCount = Math.max(1, Number(options.workers));
  const workers = Array.from({ length: workerCount }, (_, i) => new ClientWorker(i));
  cleanups.push({ what: 'stop the load generators', run: () => Promise.all(workers.map((w) => w.stop())) });
  log(`${workerCount} load-generator processes started`);
  const meter = new CpuMeter(database.url, () => workers.map((w) => /** @type {number} */ (w.child.pid)));
  await meter.open();
  cleanups.push({ what: 'close the CPU meter', run: () => meter.close() });

  const targets = [
    roundtableTarget({ url: roundtable.url, pid: roundtable.pid, unloadAfterMs: COLLAB_UNLOAD_AFTER_MS, accounts }),
    ...(reference ? [referenceTarget(reference)] : []),
    ...(hocuspocus ? [hocuspocusTarget(hocuspocus)] : []),
  ];
  const topology = { databaseUrl: database.url, tmpDir, accounts, stamp };
  const results = { postgresCommit: commit, ...(await runScenarios(targets, workers, meter, topology)) };

  const rows = tableRows(results);
  process.stdout.write(`\n${formatTable(rows)}\n\n`);
  const logCounts = roundtable.logCounts();
  if (logCounts.warnings + logCounts.errors > 0) {
    log(
      `Roundtable logged ${logCounts.warnings} warnings and ${logCounts.errors} errors: see ${path.relative(REPO_ROOT, logFile)}`,
    );
  }
  const interference = maxOthers(results);
  if (interference > 0.25) {
    log(
      `WARNING: other processes kept up to ${interference.toFixed(2)} cores busy during a measured phase ` +
        `("rest of the machine" above); these numbers are disturbed. Re-run on a quiet machine.`,
    );
  }
  const file = path.join(RESULTS_DIR, `bench-${stamp}${options.quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        quick: options.quick,
        plan: PLAN,
        machine: {
          node: process.version,
          cpus: cpus.length,
          cpuModel: cpus[0]?.model,
          totalMemGiB: os.totalmem() / 2 ** 30,
          postgres: pgSettings,
          loadAverageAtEnd: os.loadavg(),
        },
        git: {
          commit: tryExec('git', ['rev-parse', '--short', 'HEAD']),
          serverOrSharedChanged: Boolean(tryExec('git', ['status', '--porcelain', '--', 'server', 'shared'])),
        },
        workers: workerCount,
        roundtableLog: { file: path.relative(REPO_ROOT, logFile), ...logCounts },
        results,
        table: rows,
        markdown: formatMarkdown(rows),
      },
      null,
      2,
    )}\n`,
  );
  log(`results written to ${path.relative(REPO_ROOT, file)}`);
}

/** Starts the stock @y/websocket-server in its own process. */
async function startReference() {
  const port = await freePort();
  const child = fork(path.join(import.meta.dirname, 'reference-server.js'), [String(port)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push({ what: 'stop the reference server', run: () => stopChild(child, 3_000) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, { timeoutMs: 15_000, child, what: 'the reference server' });
  return { url, pid: /** @type {number} */ (child.pid) };
}

/**
 * Starts the framework floor (bench/framework-floor.js) in its own process,
 * on the bench database; stopped with `stop` once it has been measured.
 * @param {string} databaseUrl
 */
async function startFrameworkFloor(databaseUrl) {
  const port = await freePort();
  const child = fork(path.join(import.meta.dirname, 'framework-floor.js'), [String(port), databaseUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => stopChild(child, 3_000);
  cleanups.push({ what: 'stop the framework floor', run: stop });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, { timeoutMs: 15_000, child, what: 'the framework floor' });
  return { url, pid: /** @type {number} */ (child.pid), stop };
}

/**
 * Starts Hocuspocus (bench/hocuspocus-server.js) in its own process, storing to the bench database.
 * @param {string} databaseUrl
 */
async function startHocuspocus(databaseUrl) {
  const port = await freePort();
  const child = fork(path.join(import.meta.dirname, 'hocuspocus-server.js'), [String(port), databaseUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push({ what: 'stop the Hocuspocus server', run: () => stopChild(child, 3_000) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, { timeoutMs: 15_000, child, what: 'the Hocuspocus server' });
  return { url, pid: /** @type {number} */ (child.pid) };
}

/**
 * Creates the accounts with the admin CLI (two at a time: each run boots the
 * app context) and signs each in over HTTP.
 * @param {string} baseUrl
 * @param {string} databaseUrl
 * @param {string} tmpDir
 * @param {number} count a multiple of 10 (one group of 10 accounts per meeting; see targets.js)
 * @returns {Promise<{ email: string, cookie: string }[]>}
 */
async function createAccounts(baseUrl, databaseUrl, tmpDir, count) {
  log(`creating ${count} accounts with the admin CLI and signing them in`);
  const password = randomBytes(18).toString('base64url');
  const accounts = Array.from({ length: count }, (_, i) => ({
    email: `bench-${i}@example.org`,
    name: `Bench User ${i}`,
    jobTitle: i % 10 === 0 ? 'Team manager' : 'Practitioner',
    canChair: i % 10 === 0,
    // Accounts 0, 10, … chair their group's meetings, so they must be children's social care.
    agency: /** @type {string} */ (AGENCIES[i % AGENCIES.length]),
    password,
  }));
  for (let i = 0; i < accounts.length; i += 2) {
    await Promise.all(accounts.slice(i, i + 2).map((a) => createUserWithCli({ databaseUrl, tmpDir, ...a })));
  }
  const signedIn = [];
  for (const account of accounts) signedIn.push({ email: account.email, cookie: await signIn(baseUrl, account) });
  return signedIn;
}

/**
 * Runs the chosen scenarios against both servers, printing progress.
 * @param {import('./lib/targets.js').Target[]} targets
 * @param {ClientWorker[]} workers
 * @param {CpuMeter} meter
 * @param {{ databaseUrl: string, tmpDir: string, accounts: { email: string, cookie: string }[], stamp: string }} context for the topology run
 * @returns {Promise<Record<string, any>>}
 */
async function runScenarios(targets, workers, meter, context) {
  /** @type {Record<string, any>} */
  const results = {};
  // Memory first, while both processes hold nothing but what this scenario loads
  // (the reference never frees a document).
  if (only.has('memory')) {
    const plan = PLAN.memory;
    log(`memory: ${plan.meetings} documents × ${plan.perMeeting} clients, ${plan.edits} edits per client`);
    results.memory = {};
    for (const target of targets) {
      const r = await measureMemory(target, workers, { ...plan, log });
      results.memory[target.id] = r;
      log(
        `  ${target.label}: RSS ${r.idleRssMiB.toFixed(0)} MiB idle → ${r.readyRssMiB.toFixed(0)} MiB with the documents made → ${r.connectedRssMiB.toFixed(0)} MiB with ${plan.meetings * plan.perMeeting} clients connected (${r.perConnectionKiB.toFixed(1)} KiB each) → ${r.rssMiB.toFixed(0)} MiB after their edits; connect-to-synced p50 ${r.connectMs.p50.toFixed(1)} / p99 ${r.connectMs.p99.toFixed(1)} ms`,
      );
    }
    // What the required frameworks alone cost, on the reference's workload: the memory rows' floor.
    if (servers.has('reference')) {
      const floor = await startFrameworkFloor(context.databaseUrl);
      log(
        `framework floor (Nest, Express, TypeORM, socket.io around the reference's relay) running at ${floor.url} (pid ${floor.pid})`,
      );
      try {
        const r = await measureMemory(floorTarget(floor), workers, { ...plan, log });
        results.memory.floor = r;
        log(
          `  framework floor: RSS ${r.idleRssMiB.toFixed(0)} MiB idle → ${r.connectedRssMiB.toFixed(0)} MiB with ${plan.meetings * plan.perMeeting} clients connected → ${r.rssMiB.toFixed(0)} MiB after their edits`,
        );
      } finally {
        await floor.stop();
      }
    }
  }
  if (only.has('latency')) {
    const plan = PLAN.latency;
    log(`latency: ${plan.edits} edits per size (+${plan.warmup} warm-up), sizes ${plan.sizes.join(', ')}`);
    results.latency = {};
    for (const clients of plan.sizes) {
      results.latency[clients] = {};
      for (const target of targets) {
        const r = await measureLatency(target, workers, {
          clients,
          edits: plan.edits,
          warmup: plan.warmup,
          log,
          meter,
        });
        results.latency[clients][target.id] = r;
        const o = r.observations;
        log(
          `  ${target.label}, ${clients} clients: p50 ${o.p50.toFixed(2)} / p95 ${o.p95.toFixed(2)} / p99 ${o.p99.toFixed(2)} ms over ${o.count} observations; ${busy(r.cpu)}`,
        );
      }
    }
  }
  if (only.has('throughput')) {
    const plan = PLAN.throughput;
    log(
      `throughput: ${plan.writers} writers for ${plan.durationMs / 1000} s, ≤ ${plan.window} unacknowledged updates each`,
    );
    results.throughput = {};
    for (const target of targets) {
      const r = await measureThroughput(target, workers, { ...plan, log, meter });
      results.throughput[target.id] = r;
      log(
        `  ${target.label}: ${r.updatesPerSecond.toFixed(0)} updates/s; ${r.converged.clients} clients ${r.converged.converged ? 'converged' : 'DID NOT CONVERGE'} (${r.written} updates); ${busy(r.cpu)}`,
      );
    }
  }
  if (only.has('capacity')) {
    const plan = PLAN.capacity;
    log(
      `capacity: ${plan.meetings} meetings × ${plan.perMeeting} clients typing (an edit + a cursor move each), open loop, ` +
        `${plan.rates.join(', ')} a second per client, ${plan.stepMs / 1000} s a step, until p99 > ${plan.objectiveMs} ms`,
    );
    results.capacity = {};
    for (const target of targets) {
      const r = await measureCapacity(target, workers, { ...plan, log, meter });
      results.capacity[target.id] = r;
      log(
        `  ${target.label}: ${r.best ? `${r.best.delivered.toFixed(0)} updates/s with p99 ${r.best.p99.toFixed(1)} ms` : 'no step under the objective'}` +
          `${r.generatorBound ? ' (the step over the objective had the load generators more than half the objective late: load-generator-bound)' : ''}`,
      );
    }
  }
  if (only.has('cold')) {
    const plan = PLAN.cold;
    log(
      `cold load: a document of ${plan.updates.toLocaleString('en-GB')} updates from ${plan.writers} writers (the same updates for every server), ${plan.samples} fresh connects`,
    );
    const recipe = documentRecipe({ edits: plan.updates, writers: plan.writers, perRound: plan.perRound });
    results.cold = {};
    for (const target of targets) {
      const r = await measureColdLoad(target, workers, {
        recipe,
        writers: plan.writers,
        samples: plan.samples,
        log,
        meter,
      });
      results.cold[target.id] = r;
      log(
        `  ${target.label}: connect-to-synced ${r.connectMs.toFixed(1)} ms (median), client decode ≥ ${r.decodeMs.toFixed(1)} ms, state ${(r.stateBytes / 1024).toFixed(0)} KiB; while writing: ${busy(r.writeCpu)}`,
      );
    }
  }
  if (only.has('topology')) {
    const plan = { ...PLAN.topology };
    // 0.8 × one instance's capacity per client, when this run measured it, is a step of its own.
    const oneInstance = results.capacity?.roundtable?.best?.ratePerClient;
    const atEightyPercent = oneInstance ? Math.round(oneInstance * 0.8 * 100) / 100 : null;
    if (atEightyPercent) plan.rates = [...new Set([...plan.rates, atEightyPercent])].sort((a, b) => a - b);
    const topology = await startTopology(context);
    log(
      `topology: nginx ${topology.nginx.url} (pid ${topology.nginx.pid}, config ${topology.nginx.configFile}) → ` +
        `Roundtable instances pids ${topology.instances.map((i) => i.pid).join(', ')} with REDIS_URL ${REDIS_URL}; ` +
        `${plan.meetings} meetings × ${plan.perMeeting} clients, rates ${plan.rates.join(', ')} a second per client`,
    );
    const target = {
      ...roundtableTarget({
        url: topology.nginx.url,
        pid: /** @type {number} */ (topology.instances[0]?.pid),
        unloadAfterMs: COLLAB_UNLOAD_AFTER_MS,
        accounts: context.accounts,
      }),
      label: 'Roundtable ×2 behind nginx',
      pids: topology.instances.map((i) => i.pid),
      // nginx's one worker (worker_processes 1) and the machine's Redis (shared with anything else using it).
      extraPids: { nginx: topology.nginxWorker, redis: redisPid(REDIS_URL) },
      connectionsPerInstance: () =>
        Object.fromEntries(topology.instances.map((i) => [String(i.pid), establishedTo(Number(new URL(i.url).port))])),
    };
    const r = await measureCapacity(target, workers, { ...plan, verify: true, log, meter });
    results.topology = { ...r, atEightyPercentRate: atEightyPercent, redisUrl: REDIS_URL };
    await topology.stop();
  }
  return results;
}

/**
 * Two Roundtable instances relaying through Redis (REDIS_URL), on the bench
 * database, behind nginx with the repository's configuration (bench/lib/topology.js).
 * @param {{ databaseUrl: string, tmpDir: string, stamp: string }} context
 */
async function startTopology({ databaseUrl, tmpDir, stamp }) {
  /** @type {import('./lib/roundtable.js').RoundtableServer[]} */
  const instances = [];
  for (const n of [1, 2]) {
    const logFile = path.join(RESULTS_DIR, `roundtable-topology${n}-${stamp}.log`);
    const instance = await startRoundtable({
      databaseUrl,
      port: await freePort(),
      tmpDir,
      logFile,
      env: { REDIS_URL },
    });
    cleanups.push({ what: `stop topology instance ${n}`, run: instance.stop });
    instances.push(instance);
  }
  const nginx = await startNginx({
    port: await freePort(),
    upstreams: instances.map((i) => Number(new URL(i.url).port)),
    dir: path.join(tmpDir, 'nginx'),
  });
  cleanups.push({ what: 'stop nginx', run: nginx.stop });
  return {
    instances,
    nginx,
    nginxWorker: childPids(nginx.pid)[0] ?? null,
    stop: async () => {
      await nginx.stop();
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
}

/**
 * The PostgreSQL settings that bound a commit's cost.
 * @param {string} url
 * @returns {Promise<Record<string, string>>}
 */
async function postgresSettings(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT name, setting FROM pg_settings
        WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

/**
 * The most CPU that processes outside the bench used during any measured phase, in cores.
 * @param {Record<string, any>} results
 */
function maxOthers(results) {
  /** @type {number[]} */
  const others = [];
  /** @param {unknown} value */
  const visit = (value) => {
    if (!value || typeof value !== 'object') return;
    const v = /** @type {Record<string, unknown>} */ (value);
    if (typeof v.others === 'number' && typeof v.wallSeconds === 'number') others.push(v.others);
    else for (const child of Object.values(v)) visit(child);
  };
  visit(results);
  return Math.max(0, ...others);
}

/**
 * Latency of committing one small row (an autocommit INSERT of 100 bytes over
 * TCP: INSERT and COMMIT in one round trip), one after another while the bench
 * is otherwise idle. Every Roundtable edit waits for at least one commit
 * before it is relayed, so reference p99 + this p99 is the limit row.
 * @param {string} url
 * @param {number} samples
 */
async function commitLatency(url, samples) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE bench_commit_probe (id bigserial PRIMARY KEY, update bytea NOT NULL)');
    const update = randomBytes(100);
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < samples; i++) {
      const t0 = nowMs();
      await client.query('INSERT INTO bench_commit_probe (update) VALUES ($1)', [update]);
      times.push(nowMs() - t0);
    }
    await client.query('DROP TABLE bench_commit_probe');
    return summarize(times);
  } finally {
    await client.end();
  }
}

/**
 * Busy cores per party during a measured phase, for the progress log.
 * @param {import('./lib/cpu-meter.js').CpuUse | null} cpu
 */
function busy(cpu) {
  if (!cpu) return '';
  return (
    `CPU (cores): server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, ` +
    `clients ${cpu.loadGenerators.toFixed(2)}, rest of the machine ${cpu.others.toFixed(2)}`
  );
}

/**
 * The table: every metric for the three servers and, where issue 20 sets one, the target.
 * @param {Record<string, any>} results
 */
function tableRows(results) {
  const rows = [];
  /** The values of one metric for every server that has a result. @param {Record<string, any> | undefined} byServer @param {(r: any) => any} pick */
  const of = (byServer, pick) => ({
    roundtable: byServer?.roundtable ? pick(byServer.roundtable) : null,
    reference: byServer?.reference ? pick(byServer.reference) : null,
    hocuspocus: byServer?.hocuspocus ? pick(byServer.hocuspocus) : null,
  });
  const commit = results.postgresCommit;
  if (commit) {
    rows.push(row('PostgreSQL one-row INSERT commit p50 (ms)', { roundtable: commit.p50 }, { digits: 2 }));
    rows.push(row('PostgreSQL one-row INSERT commit p99 (ms)', { roundtable: commit.p99 }, { digits: 2 }));
  }
  const fasterThanHocuspocus = (/** @type {number | null} */ hp) => hp === null || hp <= 1;
  /**
   * A target judged only when every server it compares with was measured (`--servers`); otherwise left blank.
   * @param {string[]} against @param {(r: { ref: number | null, hp: number | null }) => boolean} met
   */
  const judged = (against, met) => (/** @type {{ ref: number | null, hp: number | null }} */ r) =>
    against.every((name) => servers.has(name)) ? met(r) : null;
  for (const [clients, r] of Object.entries(results.latency ?? {})) {
    rows.push(
      row(
        `Edit latency p50, ${clients} clients (ms)`,
        of(r, (t) => t.observations.p50),
        { digits: 2 },
      ),
    );
    rows.push(
      row(
        `Edit latency p95, ${clients} clients (ms)`,
        of(r, (t) => t.observations.p95),
        { digits: 2 },
      ),
    );
    rows.push(
      row(
        `Edit latency p99, ${clients} clients (ms)`,
        of(r, (t) => t.observations.p99),
        {
          digits: 2,
          target: { text: '≤ Hocuspocus', met: judged(['hocuspocus'], ({ hp }) => fasterThanHocuspocus(hp)) },
        },
      ),
    );
    if (commit && r.roundtable && r.reference) {
      rows.push(
        row(
          `Edit latency p99, ${clients} clients: RT | limit = ref p99 + commit p99 (ms)`,
          { roundtable: r.roundtable.observations.p99, reference: r.reference.observations.p99 + commit.p99 },
          {
            digits: 2,
            target: { text: '≤ 1.2 × limit', met: judged(['reference'], ({ ref }) => ref !== null && ref <= 1.2) },
          },
        ),
      );
    }
  }
  if (results.throughput) {
    const t = results.throughput;
    const writers = Object.values(t)[0]?.writers;
    rows.push(
      row(
        `Throughput, closed loop (latency-bound), ${writers} writers (updates/s)`,
        of(t, (x) => x.updatesPerSecond),
        {
          digits: 0,
        },
      ),
    );
    rows.push(
      row(
        'All clients converged (state vector + text)',
        of(t, (x) => `${x.converged.converged ? 'yes' : 'NO'} (${x.converged.clients} clients)`),
      ),
    );
  }
  if (results.capacity) {
    const c = results.capacity;
    const first = Object.values(c)[0];
    const label = `${first.meetings} × ${first.perMeeting} clients`;
    rows.push(
      row(
        `Capacity at p99 < ${first.objectiveMs} ms, ${label} (updates/s sustained)`,
        of(c, (x) => x.best?.delivered ?? 0),
        {
          digits: 0,
          target: {
            text: '≥ Hocuspocus and ≥ 0.8 × reference',
            met: judged(
              ['reference', 'hocuspocus'],
              ({ ref, hp }) => ref !== null && ref >= 0.8 && (hp === null || hp >= 1),
            ),
          },
        },
      ),
    );
    rows.push(
      row(
        `  p99 propagation at that rate (ms)`,
        of(c, (x) => x.best?.p99 ?? null),
        { digits: 1 },
      ),
    );
    rows.push(
      row(
        `  server CPU at that rate (cores)`,
        of(c, (x) => x.best?.cpu?.server ?? null),
        { digits: 2 },
      ),
    );
    rows.push(
      row(
        `  PostgreSQL CPU at that rate (cores)`,
        of(c, (x) => x.best?.cpu?.postgres ?? null),
        { digits: 2 },
      ),
    );
    rows.push(
      row(
        `  first rate over the objective (updates/s offered)`,
        of(c, (x) => x.failed?.offered ?? null),
        { digits: 0 },
      ),
    );
  }
  if (results.topology) {
    const t = results.topology;
    const label = `${t.meetings} × ${t.perMeeting} clients`;
    rows.push(
      row(
        `Two instances behind nginx: capacity at p99 < ${t.objectiveMs} ms, ${label} (updates/s)`,
        {
          roundtable: t.best?.delivered ?? 0,
        },
        { digits: 0 },
      ),
    );
    const eighty = t.atEightyPercentRate
      ? t.steps.find((/** @type {any} */ s) => s.ratePerClient === t.atEightyPercentRate)
      : null;
    if (eighty) {
      rows.push(
        row(
          `  p99 at 0.8 × one instance's capacity (${eighty.offered.toFixed(0)} updates/s offered) (ms)`,
          { roundtable: eighty.p99 },
          { target: { text: `< ${t.objectiveMs} ms`, met: () => eighty.p99 !== null && eighty.p99 < t.objectiveMs } },
        ),
      );
    }
    if (t.verified) {
      rows.push(
        row(
          '  lost edits / meetings converged',
          {
            roundtable: `${t.verified.lost} of ${t.verified.made} / ${t.verified.meetings - t.verified.divergent} of ${t.verified.meetings}`,
          },
          { target: { text: '0 lost, all converged', met: () => t.verified.lost === 0 && t.verified.converged } },
        ),
      );
    }
    const at = t.best ?? t.steps[0];
    if (at?.cpu && at.delivered > 0) {
      const perUpdate = (/** @type {number | undefined} */ cores) =>
        cores === undefined ? '—' : `${((cores / at.delivered) * 1e6).toFixed(0)} µs`;
      rows.push(
        row(`  CPU per update at ${at.delivered.toFixed(0)} updates/s: servers / PostgreSQL / Redis / nginx`, {
          roundtable: [at.cpu.server, at.cpu.postgres, at.cpu.extra?.redis, at.cpu.extra?.nginx]
            .map(perUpdate)
            .join(' / '),
        }),
      );
    }
  }
  if (results.cold) {
    const c = results.cold;
    const n = Object.values(c)[0].updates.toLocaleString('en-GB');
    rows.push(
      row(
        `Cold load, ${n} updates (ms; RT and HP from PostgreSQL, ref in memory)`,
        of(c, (x) => x.connectMs),
        {
          target: { text: '≤ 1.25 × reference', met: judged(['reference'], ({ ref }) => ref !== null && ref <= 1.25) },
        },
      ),
    );
    rows.push(
      row(
        `Warm connect, same document in memory (ms)`,
        of(c, (x) => x.warmConnectMs ?? x.connectMs),
      ),
    );
    rows.push(
      row(
        `Client decode of the state, the floor (ms, fastest)`,
        of(c, (x) => x.decodeMs),
      ),
    );
    rows.push(
      row(
        `Writing the ${n} updates through clients (s)`,
        of(c, (x) => x.writeSeconds),
      ),
    );
  }
  if (results.memory) {
    const m = results.memory;
    const first = Object.values(m)[0];
    const clients = first.meetings * first.clientsPerMeeting;
    rows.push(
      row(
        'Server RSS after boot (MiB)',
        of(m, (x) => x.idleRssMiB),
        { digits: 0 },
      ),
    );
    rows.push(
      row(
        `Server RSS with the ${first.meetings} documents made, no client yet (MiB)`,
        of(m, (x) => x.readyRssMiB),
        { digits: 0 },
      ),
    );
    rows.push(
      row(
        `Server RSS per idle connection (KiB; ${clients} connected, from the documents made, before any edit)`,
        of(m, (x) => x.perConnectionKiB),
        {
          digits: 1,
          target: { text: 'RT ≤ 50 KB', met: () => (m.roundtable?.perConnectionKiB ?? Infinity) * 1.024 <= 50 },
        },
      ),
    );
    rows.push(
      row(
        `Server RSS, ${first.meetings} meetings × ${first.clientsPerMeeting} clients (MiB)`,
        of(m, (x) => x.rssMiB),
        {
          digits: 0,
          target: { text: '≤ 1.5 × reference', met: judged(['reference'], ({ ref }) => ref !== null && ref <= 1.5) },
        },
      ),
    );
    if (m.floor) {
      // The floor's figure in the first column, so the ratio column reads floor / reference.
      const floorRow = (/** @type {string} */ what, /** @type {(r: any) => number} */ pick) =>
        row(
          `Framework floor ${what} (MiB; first column: Nest, Express, TypeORM, socket.io around the reference's relay)`,
          {
            roundtable: pick(m.floor),
            reference: m.reference ? pick(m.reference) : null,
          },
          { digits: 0 },
        );
      rows.push(floorRow('RSS after boot', (x) => x.idleRssMiB));
      rows.push(floorRow(`RSS, ${first.meetings} meetings × ${first.clientsPerMeeting} clients`, (x) => x.rssMiB));
    }
    rows.push(
      row(
        `Connect-to-synced while ${clients} clients connect ${first.concurrency} at a time, p50 (ms)`,
        of(m, (x) => x.connectMs.p50),
      ),
    );
    rows.push(
      row(
        `Connect-to-synced while ${clients} clients connect ${first.concurrency} at a time, p99 (ms)`,
        of(m, (x) => x.connectMs.p99),
        {
          target: {
            text: '≤ 1.5 × reference and ≤ Hocuspocus',
            met: judged(
              ['reference', 'hocuspocus'],
              ({ ref, hp }) => ref !== null && ref <= 1.5 && fasterThanHocuspocus(hp),
            ),
          },
        },
      ),
    );
  }
  return rows;
}

main()
  .then(async () => {
    await cleanUp();
    process.exit(0);
  })
  .catch(async (/** @type {unknown} */ error) => {
    if (interrupted) return;
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    if (serverTail.length > 0)
      process.stderr.write(`\nRoundtable's last output:\n${serverTail.slice(-15).join('\n')}\n`);
    await cleanUp();
    process.exit(1);
  });
