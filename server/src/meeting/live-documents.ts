import type { RestrictionKind } from '@roundtable/shared/templates';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { DocumentTemplate } from '@roundtable/shared/templates';

/** A stretch of text and the restriction flag it carries (null: no flag). */
export interface TextRun {
  text: string;
  restriction: RestrictionKind | null;
}

/** A paragraph, heading or list item of a document section. */
export interface TextBlock {
  /** The ProseMirror node name: paragraph, heading, … */
  type: string;
  /** The node's attributes, e.g. a heading's `level`. */
  attributes: Record<string, unknown>;
  /** Node names of the enclosing elements, outermost first (e.g. bulletList, listItem). */
  ancestors: string[];
  runs: TextRun[];
}

/** One section of a document as text: the template's key and title with its blocks. */
export interface TextSection {
  key: string;
  title: string;
  blocks: TextBlock[];
}

/**
 * What the meeting area needs of a meeting's live shared documents (the
 * record and the safety plan). The meeting area owns this interface; the
 * realtime area, which holds the documents, provides it. Everything here
 * reads the stored state: an update is applied in memory only after
 * PostgreSQL committed it.
 */
export abstract class LiveDocuments {
  /** The document's state now, as one Yjs update: binds an LA decision to the record it was made on. */
  abstract encodeState(meetingId: string, kind: DocumentKind): Promise<Uint8Array>;

  /** Resolves once every update accepted for the document is stored and applied (e.g. as the meeting concludes). */
  abstract settle(meetingId: string, kind: DocumentKind): Promise<void>;

  /** The document's sections as text, in the order of the meeting's template (sections never written are empty). */
  abstract sections(meetingId: string, kind: DocumentKind, template: DocumentTemplate): Promise<TextSection[]>;

  /** A restricted compartment's text (its one fragment, COMPARTMENT_FRAGMENT), as stored. */
  abstract compartmentBlocks(meetingId: string, compartmentId: string): Promise<TextBlock[]>;

  /**
   * The family's draft plan (an FGDM's `meetings/<id>/family-plan`, its one
   * fragment FAMILY_PLAN_FRAGMENT) as stored, once every accepted update is
   * stored and applied. Read only to snapshot a presentation the family made.
   */
  abstract familyPlanBlocks(meetingId: string): Promise<TextBlock[]>;
}
