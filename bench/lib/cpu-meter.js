// @ts-check
/**
 * CPU used during a measured phase, per party, as busy cores (CPU seconds /
 * wall seconds): the server process, the PostgreSQL backends serving the bench
 * database, and the load generators. On a 2-core machine this shows which of
 * them a result is bound by.
 */
import pg from 'pg';
import { cpuSecondsOf, machineBusySeconds, nowMs } from './processes.js';

/**
 * @typedef {object} CpuUse
 * @property {number} wallSeconds
 * @property {number} server busy cores of the server process
 * @property {number} postgres of the backends serving the bench database
 * @property {number} loadGenerators of the client worker processes
 * @property {number} machine of the whole machine
 * @property {number} others of everything else on the machine (other people's work disturbs the numbers)
 * @property {Record<string, number>} [extra] of further processes named by the caller (nginx, Redis: counted in `others` too)
 */

export class CpuMeter {
  /**
   * @param {string} databaseUrl the bench database (its backends are counted)
   * @param {() => number[]} workerPids
   */
  constructor(databaseUrl, workerPids) {
    this.client = new pg.Client({ connectionString: databaseUrl });
    this.databaseName = new URL(databaseUrl).pathname.slice(1);
    this.workerPids = workerPids;
  }

  async open() {
    await this.client.connect();
  }

  async close() {
    await this.client.end();
  }

  /** @returns {Promise<Map<number, number>>} CPU seconds of each backend of the bench database */
  async backends() {
    const { rows } = await this.client.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.databaseName],
    );
    return new Map(rows.map((r) => [Number(r.pid), cpuSecondsOf(Number(r.pid))]));
  }

  /**
   * Starts measuring the server process(es); the returned function stops and reports.
   * @param {number | number[]} serverPids
   * @param {Record<string, number | null>} [extraPids] further processes to report by name (not subtracted from `others`)
   * @returns {Promise<() => Promise<CpuUse>>}
   */
  async start(serverPids, extraPids = {}) {
    const pids = Array.isArray(serverPids) ? serverPids : [serverPids];
    const sumOf = (/** @type {number[]} */ list) => list.reduce((n, pid) => n + cpuSecondsOf(pid), 0);
    const sumWorkers = () => sumOf(this.workerPids());
    const extras = Object.entries(extraPids).filter(([, pid]) => pid !== null);
    const extra0 = extras.map(([, pid]) => cpuSecondsOf(/** @type {number} */ (pid)));
    const server0 = sumOf(pids);
    const workers0 = sumWorkers();
    const backends0 = await this.backends();
    const machine0 = machineBusySeconds();
    const t0 = nowMs();
    return async () => {
      const wallSeconds = (nowMs() - t0) / 1000;
      const machine = machineBusySeconds() - machine0;
      const server = sumOf(pids) - server0;
      const workers = sumWorkers() - workers0;
      let postgres = 0;
      for (const [pid, seconds] of await this.backends()) postgres += seconds - (backends0.get(pid) ?? 0);
      const busy = (/** @type {number} */ s) => Math.round((s / wallSeconds) * 100) / 100;
      return {
        wallSeconds,
        server: busy(server),
        postgres: busy(postgres),
        loadGenerators: busy(workers),
        machine: busy(machine),
        others: busy(Math.max(0, machine - server - postgres - workers)),
        ...(extras.length
          ? {
              extra: Object.fromEntries(
                extras.map(([name, pid], i) => [
                  name,
                  busy(cpuSecondsOf(/** @type {number} */ (pid)) - (extra0[i] ?? 0)),
                ]),
              ),
            }
          : {}),
      };
    };
  }
}
