import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** How long a person's caret label stays after they last typed or moved their caret. */
export const CARET_LABEL_IDLE_MS = 2_500;

/** The clock and timers the activity timing runs on (the window's; fake ones in tests). */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const WINDOW_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

/**
 * When each person's caret label is shown: from their last keystroke or caret
 * move until `idleMs` later, so a name label covers others' text only while
 * its owner is busy there. Pure timing; `onChange(userId, shown)` is told
 * when a label should appear or go.
 */
export class CaretLabelTiming {
  private readonly shownUntil = new Map<string, number>();
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly onChange: (userId: string, shown: boolean) => void,
    private readonly clock: Clock = WINDOW_CLOCK,
    private readonly idleMs = CARET_LABEL_IDLE_MS,
  ) {}

  /** The person typed or moved their caret now. */
  active(userId: string): void {
    const wasShown = this.isShown(userId);
    this.shownUntil.set(userId, this.clock.now() + this.idleMs);
    const previous = this.timers.get(userId);
    if (previous !== undefined) this.clock.clearTimeout(previous);
    this.timers.set(
      userId,
      this.clock.setTimeout(() => {
        this.timers.delete(userId);
        this.shownUntil.delete(userId);
        this.onChange(userId, false);
      }, this.idleMs),
    );
    if (!wasShown) this.onChange(userId, true);
  }

  /** Whether the person's label is shown now (a label drawn again mid-activity starts shown). */
  isShown(userId: string): boolean {
    const until = this.shownUntil.get(userId);
    return until !== undefined && until > this.clock.now();
  }

  /** Stops every timer (the room closes). */
  dispose(): void {
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.shownUntil.clear();
  }
}

export const CARET_LABEL_CLASS = 'collaboration-carets__label';
export const CARET_LABEL_SHOWN_CLASS = 'collaboration-carets__label--shown';

/** Shows or hides every drawn label of one person (editors redraw carets, so labels are found, not kept). */
function showLabels(userId: string, shown: boolean): void {
  const selector = `.${CARET_LABEL_CLASS}[data-user-id="${CSS.escape(userId)}"]`;
  for (const label of document.querySelectorAll(selector)) label.classList.toggle(CARET_LABEL_SHOWN_CLASS, shown);
}

/** One timing for the page: a person's label follows what they do in any of the room's documents. */
export const caretLabels = new CaretLabelTiming(showLabels);

function userIdOf(awareness: Awareness, clientId: number): string | null {
  const user = (awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined)?.user;
  return typeof user?.id === 'string' ? user.id : null;
}

const watched = new WeakMap<Y.Doc, { count: number; stop: () => void }>();

/**
 * Feeds `caretLabels` from one shared document: someone else's edit (their
 * Yjs client's clock advanced) or caret move (their awareness state changed)
 * is activity. Counted per document, so every section's editor may call it;
 * returns the function that stops watching.
 */
export function watchCaretActivity(doc: Y.Doc, awareness: Awareness): () => void {
  const existing = watched.get(doc);
  if (existing) {
    existing.count += 1;
    return () => release(doc);
  }
  const mark = (clientId: number) => {
    if (clientId === doc.clientID) return;
    const userId = userIdOf(awareness, clientId);
    if (userId) caretLabels.active(userId);
  };
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.local) return;
    for (const [clientId, clock] of transaction.afterState) {
      if (clock > (transaction.beforeState.get(clientId) ?? 0)) mark(clientId);
    }
  };
  const onAwareness = ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const clientId of [...added, ...updated]) mark(clientId);
  };
  doc.on('afterTransaction', onTransaction);
  awareness.on('change', onAwareness);
  watched.set(doc, {
    count: 1,
    stop: () => {
      doc.off('afterTransaction', onTransaction);
      awareness.off('change', onAwareness);
    },
  });
  return () => release(doc);
}

function release(doc: Y.Doc): void {
  const entry = watched.get(doc);
  if (!entry) return;
  entry.count -= 1;
  if (entry.count > 0) return;
  entry.stop();
  watched.delete(doc);
}
