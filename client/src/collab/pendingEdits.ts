import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * Unsent edits kept on this device (IndexedDB, through y-indexeddb), so a
 * reload or a crashed tab does not lose them. One database per signed-in
 * user and document: `roundtable-pending/<userId>/<document name>`, so a
 * different user signing in on the same browser never loads them. A database
 * exists only while something is unsent: it is deleted once the server holds
 * every edit, and every one of them is deleted at sign-out.
 */
const PREFIX = 'roundtable-pending/';

/** Who may keep edits on this device now: set at sign-in, cleared at sign-out. */
let signedInUserId: string | null = null;
const open = new Set<PendingEditsStore>();

export function pendingEditsAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

/** Called when the session knows who is signed in (null when nobody is). */
export function setPendingEditsUser(userId: string | null): void {
  signedInUserId = userId;
}

/** Deletes every kept edit of every user from this browser, and stops keeping new ones (sign-out). */
export async function erasePendingEdits(): Promise<void> {
  signedInUserId = null;
  await Promise.allSettled([...open].map((store) => store.erase()));
  if (!pendingEditsAvailable()) return;
  const names = 'databases' in indexedDB ? (await indexedDB.databases()).map((db) => db.name ?? '') : [...knownNames];
  await Promise.allSettled(names.filter((name) => name.startsWith(PREFIX)).map((name) => deleteDatabase(name)));
}

const knownNames = new Set<string>();

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

async function exists(name: string): Promise<boolean> {
  if (!('databases' in indexedDB)) return true; // cannot tell: open it (an empty one is deleted once synced)
  return (await indexedDB.databases()).some((db) => db.name === name);
}

/** The kept edits of one user's copy of one document. */
export class PendingEditsStore {
  private persistence: IndexeddbPersistence | null = null;
  /** Deleting the database; a new one is opened only after (IndexedDB would block the deletion). */
  private erasing: Promise<void> = Promise.resolve();
  private wanted = false;
  private destroyed = false;
  readonly name: string;

  constructor(
    private readonly doc: Y.Doc,
    private readonly userId: string,
    documentName: string,
  ) {
    this.name = `${PREFIX}${userId}/${documentName}`;
    open.add(this);
  }

  /** True while edits are being kept on this device. */
  get keeping(): boolean {
    return this.persistence !== null;
  }

  /** Loads edits a previous page of this user kept (they become pending edits of this page). */
  async restore(): Promise<void> {
    if (!this.allowed() || !(await exists(this.name))) return;
    this.wanted = true;
    await this.start()?.whenSynced;
  }

  /** Starts keeping the document on this device (something is unsent). */
  keep(): void {
    if (this.wanted || !this.allowed()) return;
    this.wanted = true;
    void this.erasing.then(() => this.start());
  }

  /** The server holds every edit: deletes the copy on this device. */
  async erase(): Promise<void> {
    this.wanted = false;
    const persistence = this.persistence;
    this.persistence = null;
    if (persistence) {
      const previous = this.erasing;
      this.erasing = previous.then(async () => {
        await persistence.destroy();
        await deleteDatabase(this.name);
      });
    }
    await this.erasing;
  }

  /** Stops keeping (the page leaves); what is kept stays for the next page. */
  destroy(): void {
    this.destroyed = true;
    open.delete(this);
    void this.persistence?.destroy();
    this.persistence = null;
  }

  private allowed(): boolean {
    return pendingEditsAvailable() && !this.destroyed && signedInUserId === this.userId;
  }

  private start(): IndexeddbPersistence | null {
    if (!this.persistence && this.wanted && this.allowed()) {
      knownNames.add(this.name);
      this.persistence = new IndexeddbPersistence(this.name, this.doc);
    }
    return this.persistence;
  }
}
