// @ts-check
/**
 * The servers under test, behind one shape: how to get a new document
 * and how a client authenticates to it.
 */
import { randomUUID } from 'node:crypto';
import { createMeeting } from './roundtable.js';

/**
 * @typedef {object} Target
 * @property {'roundtable' | 'reference' | 'hocuspocus' | 'floor'} id
 * @property {string} label
 * @property {number} pid the server process, for its memory
 * @property {number[]} [pids] every server process whose CPU counts (the topology run: both instances and nginx)
 * @property {Record<string, number | null>} [extraPids] further processes whose CPU is reported by name (Redis)
 * @property {() => Record<string, number>} [connectionsPerInstance] the topology run: open connections to each instance
 * @property {string} wsBase ws://127.0.0.1:<port>/collab
 * @property {number} unloadAfterMs how long after the last client leaves the document is gone from memory (Infinity: never)
 * @property {(label: string) => Promise<string>} newDocument returns a document name
 * @property {(key: string, room: string, i: number) => import('../client-worker.js').ClientSpec} spec client number i of a document
 */

/**
 * Roundtable: the accounts come in groups of 10 (a group per 10 accounts;
 * two when the capacity scenario needs 1,000 connections, since one account
 * may hold at most 64). Each document is the record of a new meeting chaired
 * by its group's first account, with the other nine as participants; groups
 * take turns. Client i of a document connects as its group's account i mod 10
 * with that account's session cookie and the server's Origin.
 * @param {{ url: string, pid: number, unloadAfterMs: number, accounts: { email: string, cookie: string }[] }} server
 * @returns {Target}
 */
export function roundtableTarget({ url, pid, unloadAfterMs, accounts }) {
  if (accounts.length === 0) throw new Error('no accounts');
  /** @type {{ email: string, cookie: string }[][]} */
  const groups = [];
  for (let g = 0; g < accounts.length; g += 10) groups.push(accounts.slice(g, g + 10));
  /** Which group each document's meeting belongs to. @type {Map<string, { email: string, cookie: string }[]>} */
  const groupOf = new Map();
  let meetings = 0;
  return {
    id: 'roundtable',
    label: 'Roundtable',
    pid,
    wsBase: `${url.replace(/^http/, 'ws')}/collab`,
    unloadAfterMs,
    newDocument: async (label) => {
      const group = /** @type {{ email: string, cookie: string }[]} */ (groups[meetings % groups.length]);
      const [chair, ...others] = group;
      // Unique across targets on the same database (the topology run makes its own meetings).
      const reference = `BENCH-${label}-${++meetings}-${randomUUID().slice(0, 8)}`
        .replace(/[^A-Za-z0-9-]/g, '-')
        .slice(0, 40);
      const members = others.map((a) => ({ email: a.email, role: 'participant' }));
      const meetingId = await createMeeting(url, /** @type {{ cookie: string }} */ (chair).cookie, members, reference);
      const room = `meetings/${meetingId}/record`;
      groupOf.set(room, group);
      return room;
    },
    spec: (key, room, i) => {
      const group = groupOf.get(room) ?? accounts;
      return {
        key,
        serverUrl: `${url.replace(/^http/, 'ws')}/collab`,
        room,
        cookie: /** @type {{ cookie: string }} */ (group[i % group.length]).cookie,
        origin: url,
      };
    },
  };
}

/**
 * The stock server: any document name works, nobody authenticates, and
 * documents stay in memory for the life of the process.
 * @param {{ url: string, pid: number }} server
 * @returns {Target}
 */
export function referenceTarget({ url, pid }) {
  const wsBase = `${url.replace(/^http/, 'ws')}/collab`;
  return {
    id: 'reference',
    label: 'reference',
    pid,
    wsBase,
    unloadAfterMs: Infinity,
    newDocument: async () => `meetings/${randomUUID()}/record`,
    spec: (key, room) => ({ key, serverUrl: wsBase, room }),
  };
}

/**
 * The framework floor (bench/framework-floor.js): the reference's relay in
 * Nest, TypeORM and socket.io; memory scenario only. Documents as the reference's.
 * @param {{ url: string, pid: number }} server
 * @returns {Target}
 */
export function floorTarget(server) {
  return { ...referenceTarget(server), id: 'floor', label: 'framework floor' };
}

/**
 * Hocuspocus 3.4.4 with its database extension (bench/hocuspocus-server.js):
 * any document name works, nobody authenticates; clients are
 * HocuspocusProviders. A document is stored and unloaded when its last client
 * leaves, so a later connect loads it from PostgreSQL.
 * @param {{ url: string, pid: number }} server
 * @returns {Target}
 */
export function hocuspocusTarget({ url, pid }) {
  const wsBase = `${url.replace(/^http/, 'ws')}/collab`;
  return {
    id: 'hocuspocus',
    label: 'Hocuspocus',
    pid,
    wsBase,
    unloadAfterMs: 0,
    newDocument: async () => `meetings/${randomUUID()}/record`,
    spec: (key, room) => ({ key, serverUrl: wsBase, room, kind: 'hocuspocus' }),
  };
}
