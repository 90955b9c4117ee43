import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PresenceUser } from '@roundtable/shared/realtime';
import {
  type AwarenessEntry,
  type AwarenessFilterContext,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
} from './awareness-filter';
import { MalformedMessageError } from './collab-protocol';

const presence: PresenceUser = {
  id: '9b2f4a52-6f0e-4c55-9d0f-0d7a4b0c1e11',
  name: 'Priya Shah',
  jobTitle: 'Social worker',
  agency: 'childrens-social-care',
  organisation: null,
  role: 'participant',
  colour: '#1d70b8',
};

function context(overrides: Partial<AwarenessFilterContext> = {}): AwarenessFilterContext {
  return { boundClientId: null, isClaimedElsewhere: () => false, presence, maxStateBytes: 4096, ...overrides };
}

const entry = (clientId: number, state: unknown, clock = 1): AwarenessEntry => ({
  clientId,
  clock,
  json: JSON.stringify(state),
});

describe('filterAwarenessEntries', () => {
  it("binds the connection's first clientID and overwrites the claimed user", () => {
    const result = filterAwarenessEntries(
      [entry(11, { user: { name: 'The Chair', role: 'chair' }, cursor: { anchor: 3, head: 5 } })],
      context(),
    );
    expect(result.boundClientId).toBe(11);
    expect(result.accepted).toHaveLength(1);
    expect(JSON.parse(result.accepted[0]!.json)).toEqual({ user: presence, cursor: { anchor: 3, head: 5 } });
  });

  it('drops entries for clientIDs other than the bound one', () => {
    const result = filterAwarenessEntries([entry(11, {}), entry(12, {}), entry(13, null)], context());
    expect(result.accepted.map((e) => e.clientId)).toEqual([11]);
    expect(result.dropped).toBe(2);
  });

  it("refuses a clientID another connection owns, so nobody can overwrite or erase someone else's presence", () => {
    const claimed = filterAwarenessEntries([entry(42, { user: { name: 'Someone else' } }), entry(42, null)], {
      ...context(),
      isClaimedElsewhere: (id) => id === 42,
    });
    expect(claimed.accepted).toEqual([]);
    expect(claimed.boundClientId).toBeNull();
  });

  it('lets a bound connection remove its own state', () => {
    const result = filterAwarenessEntries([entry(11, null, 4)], context({ boundClientId: 11 }));
    expect(result.accepted).toEqual([{ clientId: 11, clock: 4, json: 'null' }]);
  });

  it('does not bind on a removal', () => {
    const result = filterAwarenessEntries([entry(11, null)], context());
    expect(result.boundClientId).toBeNull();
    expect(result.accepted).toEqual([]);
  });

  it('drops states larger than the limit, measured in UTF-8 bytes', () => {
    const big = { note: 'é'.repeat(30) }; // 60 bytes of UTF-8 in 30 characters
    const result = filterAwarenessEntries([entry(11, big)], context({ maxStateBytes: 50 }));
    expect(result.accepted).toEqual([]);
    expect(result.boundClientId).toBeNull();
  });

  it('drops states that are not JSON objects', () => {
    const result = filterAwarenessEntries([entry(11, [1, 2]), entry(11, 'text'), entry(11, 7)], context());
    expect(result.accepted).toEqual([]);
  });

  it('refuses a state that is not JSON as malformed', () => {
    expect(() => filterAwarenessEntries([{ clientId: 11, clock: 1, json: '{nope' }], context())).toThrow(
      MalformedMessageError,
    );
  });

  it('does not let a __proto__ key through', () => {
    const result = filterAwarenessEntries(
      [{ clientId: 11, clock: 1, json: '{"__proto__":{"isAdmin":true},"a":1}' }],
      context(),
    );
    const state = JSON.parse(result.accepted[0]!.json) as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(['a', 'user']);
  });
});

describe('decodeAwarenessUpdate / encodeAwarenessEntries', () => {
  it('round-trips the y-protocols awareness format', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: 'x' }, cursor: null });
    const entries = decodeAwarenessUpdate(encodeAwarenessUpdate(awareness, [doc.clientID]));
    expect(entries).toEqual([{ clientId: doc.clientID, clock: 1, json: '{"user":{"name":"x"},"cursor":null}' }]);

    const other = new Awareness(new Y.Doc());
    applyAwarenessUpdate(other, encodeAwarenessEntries(entries), 'test');
    expect(other.getStates().get(doc.clientID)).toEqual({ user: { name: 'x' }, cursor: null });
    awareness.destroy();
    other.destroy();
  });

  it('refuses truncated updates and absurd entry counts', () => {
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 5]))).toThrow(MalformedMessageError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([0xff, 0xff, 0xff, 0x7f]))).toThrow(MalformedMessageError);
  });
});
