import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { CARET_LABEL_IDLE_MS, CaretLabelTiming, caretLabels, watchCaretActivity, type Clock } from './caretActivity';
import { renderCaret } from './caretRendering';

const fakeClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('caret label timing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a label when its owner acts and hides it after a couple of seconds of inactivity', () => {
    const changes: [string, boolean][] = [];
    const timing = new CaretLabelTiming((user, shown) => changes.push([user, shown]), fakeClock);
    expect(timing.isShown('pat')).toBe(false);
    timing.active('pat');
    expect(changes).toEqual([['pat', true]]);
    expect(timing.isShown('pat')).toBe(true);
    vi.advanceTimersByTime(CARET_LABEL_IDLE_MS - 1);
    expect(timing.isShown('pat')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(timing.isShown('pat')).toBe(false);
    expect(changes).toEqual([
      ['pat', true],
      ['pat', false],
    ]);
    expect(CARET_LABEL_IDLE_MS).toBeGreaterThanOrEqual(1_500);
    expect(CARET_LABEL_IDLE_MS).toBeLessThanOrEqual(3_000);
  });

  it('keeps it shown while its owner keeps typing, and hides it once after the last keystroke', () => {
    const changes: [string, boolean][] = [];
    const timing = new CaretLabelTiming((user, shown) => changes.push([user, shown]), fakeClock);
    for (let i = 0; i < 10; i++) {
      timing.active('pat');
      vi.advanceTimersByTime(1_000);
    }
    expect(timing.isShown('pat')).toBe(true);
    expect(changes).toEqual([['pat', true]]);
    vi.advanceTimersByTime(CARET_LABEL_IDLE_MS);
    expect(changes).toEqual([
      ['pat', true],
      ['pat', false],
    ]);
  });

  it('times each person separately, and stops every timer on dispose', () => {
    const changes: [string, boolean][] = [];
    const timing = new CaretLabelTiming((user, shown) => changes.push([user, shown]), fakeClock);
    timing.active('pat');
    vi.advanceTimersByTime(2_000);
    timing.active('sam');
    vi.advanceTimersByTime(CARET_LABEL_IDLE_MS - 2_000);
    expect([timing.isShown('pat'), timing.isShown('sam')]).toEqual([false, true]);
    timing.dispose();
    vi.advanceTimersByTime(CARET_LABEL_IDLE_MS);
    expect(changes).toEqual([
      ['pat', true],
      ['sam', true],
      ['pat', false],
    ]);
  });
});

describe('caret activity from a shared document', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    caretLabels.dispose();
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it("shows a person's drawn label when their edit arrives, draws it shown while they are active, then hides it", () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const remote = new Y.Doc();
    // Their awareness state, as the server relays it.
    awareness.getStates().set(remote.clientID, { user: { id: 'user-pat', name: 'Pat Police', colour: '#1d70b8' } });
    const idle = renderCaret({ id: 'user-pat', name: 'Pat Police', colour: '#1d70b8' });
    document.body.append(idle);
    const label = idle.querySelector('.collaboration-carets__label')!;
    expect(label.classList.contains('collaboration-carets__label--shown')).toBe(false);

    const stop = watchCaretActivity(doc, awareness);
    remote.getXmlFragment('reason').insert(0, [new Y.XmlText('Bruising')]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(label.classList.contains('collaboration-carets__label--shown')).toBe(true);
    // A caret drawn again while they are busy starts shown.
    expect(
      renderCaret({ id: 'user-pat', name: 'Pat Police' })
        .querySelector('.collaboration-carets__label')
        ?.classList.contains('collaboration-carets__label--shown'),
    ).toBe(true);

    vi.advanceTimersByTime(CARET_LABEL_IDLE_MS);
    expect(label.classList.contains('collaboration-carets__label--shown')).toBe(false);

    // Our own edits are not someone else's activity.
    stop();
    doc.getXmlFragment('reason').insert(0, [new Y.XmlText('Ours')]);
    expect(caretLabels.isShown('user-pat')).toBe(false);
  });
});
