// @ts-check
/**
 * The two servers under test, behind one shape: how to get a new document
 * and how a client authenticates to it.
 */
import { randomUUID } from 'node:crypto';
import { createMeeting } from './roundtable.js';

/**
 * @typedef {object} Target
 * @property {'roundtable' | 'reference'} id
 * @property {string} label
 * @property {number} pid the server process, for its memory
 * @property {string} wsBase ws://127.0.0.1:<port>/collab
 * @property {number} unloadAfterMs how long after the last client leaves the document is gone from memory (Infinity: never)
 * @property {(label: string) => Promise<string>} newDocument returns a document name
 * @property {(key: string, room: string, i: number) => import('../client-worker.js').ClientSpec} spec client number i of a document
 */

/**
 * Roundtable: each document is the record of a new meeting chaired by user 0,
 * with users 1–9 as participants; client i connects as user i mod 10 with
 * that user's session cookie and the server's Origin.
 * @param {{ url: string, pid: number, unloadAfterMs: number, accounts: { email: string, cookie: string }[] }} server
 * @returns {Target}
 */
export function roundtableTarget({ url, pid, unloadAfterMs, accounts }) {
  const [chair, ...others] = accounts;
  if (!chair) throw new Error('no accounts');
  let meetings = 0;
  return {
    id: 'roundtable',
    label: 'Roundtable',
    pid,
    wsBase: `${url.replace(/^http/, 'ws')}/collab`,
    unloadAfterMs,
    newDocument: async (label) => {
      const reference = `BENCH-${label}-${++meetings}`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);
      const members = others.map((a) => ({ email: a.email, role: 'participant' }));
      const meetingId = await createMeeting(url, chair.cookie, members, reference);
      return `meetings/${meetingId}/record`;
    },
    spec: (key, room, i) => ({
      key,
      serverUrl: `${url.replace(/^http/, 'ws')}/collab`,
      room,
      cookie: /** @type {{ cookie: string }} */ (accounts[i % accounts.length]).cookie,
      origin: url,
    }),
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
