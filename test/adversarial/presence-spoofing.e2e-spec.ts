import { eventually } from '../../server/test/support/eventually';
import { type Arena, closeCode, expectVictimConverges, openCollab, startArena, Victim } from './arena';
import { awarenessFrame, queryAwarenessFrame } from './frames';

/**
 * Awareness is unauthenticated in y-protocols: a client can publish any name,
 * any clientID, erase others, or send states built to pollute prototypes.
 * The chair is the victim; the editor attacks with a raw socket; the observer
 * is a bystander whose screen shows what everyone else would see.
 */
describe('adversarial: presence spoofing', () => {
  let arena: Arena;
  let victim: Victim;
  let bystander: Victim;

  beforeAll(async () => {
    arena = await startArena();
    victim = new Victim(arena, arena.chair);
    bystander = new Victim(arena, arena.observer);
    await Promise.all([victim.synced(), bystander.synced()]);
    await eventually(() => expect(bystander.provider.awareness.getStates().get(victim.doc.clientID)).toBeDefined());
  });

  afterAll(async () => {
    victim?.destroy();
    bystander?.destroy();
    await arena?.close();
  });

  const presenceOf = (clientId: number) =>
    bystander.provider.awareness.getStates().get(clientId) as { user?: { id: string; name: string } } | undefined;

  it("keeps another person's name, another client's id and erasure out of everyone's presence", async () => {
    const ws = await openCollab(arena, arena.editor);
    const chair = arena.chair.user.user;
    const forged = JSON.stringify({ user: { id: chair.id, name: chair.displayName, role: 'chair' }, cursor: null });
    const victimId = victim.doc.clientID;
    const victimClock = victim.provider.awareness.meta.get(victimId)!.clock;
    // The victim's clientID: overwrite (higher clock), then erase (null).
    ws.send(awarenessFrame([{ clientId: victimId, clock: victimClock + 100, json: forged }]));
    ws.send(awarenessFrame([{ clientId: victimId, clock: victimClock + 101, json: 'null' }]));
    // Its own clientID, claiming the chair's identity.
    const attackerId = 0x5eed;
    ws.send(awarenessFrame([{ clientId: attackerId, clock: 1, json: forged }]));
    await eventually(() => expect(presenceOf(attackerId)?.user?.name).toBe(arena.editor.user.user.displayName));
    expect(presenceOf(attackerId)?.user?.id).toBe(arena.editor.user.user.id);
    expect(presenceOf(victimId)?.user).toMatchObject({ id: chair.id, name: chair.displayName });
    // Bound to its first clientID: a second one is refused too.
    ws.send(awarenessFrame([{ clientId: attackerId + 1, clock: 1, json: '{}' }]));
    ws.send(queryAwarenessFrame());
    await new Promise((resolve) => ws.once('message', resolve));
    expect(presenceOf(attackerId + 1)).toBeUndefined();
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
    // Disconnecting removes the attacker's presence, not the victim's.
    await eventually(() => expect(presenceOf(attackerId)).toBeUndefined());
    expect(presenceOf(victimId)?.user?.id).toBe(chair.id);
  });

  it("does not let another member take over a reconnecting person's clientID", async () => {
    const id = victim.doc.clientID;
    victim.provider.disconnect();
    await eventually(() => expect(presenceOf(id)).toBeUndefined());
    // In the gap, the attacker claims the clientID the victim's provider will come back with.
    const ws = await openCollab(arena, arena.editor);
    ws.send(awarenessFrame([{ clientId: id, clock: 1_000, json: '{"cursor":null}' }]));
    ws.send(queryAwarenessFrame());
    await new Promise((resolve) => ws.once('message', resolve));
    victim.provider.connect();
    await victim.synced();
    // The victim moves their cursor (a newer clock: a provider resends its last clock on reconnect).
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 2 });
    await eventually(() => expect(presenceOf(id)?.user?.id).toBe(arena.chair.user.user.id));
    ws.close();
  });

  it('drops oversized states and strips prototype-polluting keys', async () => {
    const ws = await openCollab(arena, arena.observer);
    const attackerId = 0xbad;
    ws.send(awarenessFrame([{ clientId: attackerId, clock: 1, json: JSON.stringify({ big: 'x'.repeat(5_000) }) }]));
    ws.send(
      awarenessFrame([
        {
          clientId: attackerId,
          clock: 2,
          json: '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"x":1},"cursor":{"__proto__":{"deep":"yes"}},"nested":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}',
        },
      ]),
    );
    await eventually(() => expect(presenceOf(attackerId)).toBeDefined());
    const state = presenceOf(attackerId) as Record<string, unknown>;
    expect(state.big).toBeUndefined();
    expect(Object.keys(state).sort()).toEqual(['cursor', 'nested', 'user']);
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
    expect((state.user as { name: string }).name).toBe(arena.observer.user.user.displayName);
    // Nothing reached Object.prototype, in this process (where the server runs) or the client.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).deep).toBeUndefined();
    // Not JSON at all: a malformed message, closed with 4400.
    ws.send(awarenessFrame([{ clientId: attackerId, clock: 3, json: '{"user":' }]));
    expect(await closeCode(ws)).toBe(4400);
    await eventually(() => expect(presenceOf(attackerId)).toBeUndefined());
  });

  it('leaves the victim editing and converging', async () => {
    await expectVictimConverges(arena, victim, arena.chair);
    expect(presenceOf(victim.doc.clientID)?.user?.id).toBe(arena.chair.user.user.id);
  });
});
