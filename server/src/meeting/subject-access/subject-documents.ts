import type { Agency } from '@roundtable/shared/constants';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { RedactionExemption, SubjectItemKind } from '@roundtable/shared/subject-access';

/**
 * A meeting's record and safety plan as a subject access request reads them
 * (docs/SUBJECT-ACCESS.md "Live documents", "Sealed versions"): snapshots
 * of each sealed version or of the live documents, and the items they give.
 * Pure: the assembler reads the snapshots (SQL, LiveDocuments) and adds the items.
 */

/** The parts of a sealed export (schema version 1, complete variant) a request reads. */
interface SealedBlocks {
  blocks?: { runs?: { text?: string }[] }[];
}
interface SealedCompartment extends SealedBlocks {
  id?: string;
  ownerAgency?: string;
  audience?: { kind?: string } | null;
}
interface SealedSection extends SealedBlocks {
  key?: string;
  title?: string;
  compartments?: SealedCompartment[];
}
interface SealedExport {
  sections?: SealedSection[];
  safetyPlan?: { sections?: SealedSection[] } | null;
}

/** The text of a section or compartment (sealed or live): each block's runs, one block a line. */
export function sectionText(section: SealedBlocks): string {
  return (section.blocks ?? []).map((b) => (b.runs ?? []).map((r) => r.text ?? '').join('')).join('\n');
}

/** What a request reads of a meeting's record and safety plan: one sealed version's, or the live documents. */
export interface DocumentsSnapshot {
  meetingId: string;
  /** The sealed version; null for the live (unsealed) documents. */
  version: number | null;
  sections: { kind: SubjectItemKind; document: string; key: string; title: string; text: string }[];
  compartments: {
    id: string;
    document: string;
    sectionTitle: string;
    ownerAgency: string;
    audience: string;
    text: string;
  }[];
}

/** How an item read from a live document is titled (and what its key says instead of a version: `live`). */
export const LIVE_LABEL = 'live, not sealed';

/** The shared documents whose sections a request reads: the document kind, the item kind, the title's word. */
export const DOCUMENTS: readonly [DocumentKind, SubjectItemKind, string][] = [
  ['record', 'record-section', 'Record'],
  ['safety-plan', 'safety-plan-section', 'Safety plan'],
];

/** A sealed complete export (schema version 1) as a snapshot; null if it cannot be read. */
export function sealedSnapshot(row: { meeting_id: string; version: number; json: Buffer }): DocumentsSnapshot | null {
  let parsed: SealedExport;
  try {
    parsed = JSON.parse(row.json.toString('utf8')) as SealedExport;
  } catch {
    return null;
  }
  const snapshot: DocumentsSnapshot = {
    meetingId: row.meeting_id,
    version: row.version,
    sections: [],
    compartments: [],
  };
  const documents: [SubjectItemKind, string, SealedSection[]][] = [
    ['record-section', 'Record', parsed.sections ?? []],
    ['safety-plan-section', 'Safety plan', parsed.safetyPlan?.sections ?? []],
  ];
  for (const [kind, document, sections] of documents) {
    for (const section of sections) {
      const title = section.title ?? section.key ?? '';
      snapshot.sections.push({ kind, document, key: section.key ?? '', title, text: sectionText(section) });
      for (const c of section.compartments ?? []) {
        if (!c.id) continue;
        snapshot.compartments.push({
          id: c.id,
          document,
          sectionTitle: title,
          ownerAgency: c.ownerAgency ?? 'other',
          audience: c.audience?.kind ?? 'the owning agency',
          text: sectionText(c),
        });
      }
    }
  }
  return snapshot;
}

/**
 * The exemption a restricted compartment suggests by its owning agency (the reviewer decides; nothing
 * is withheld without a redaction): police information may be crime data, health, social work and
 * education information may meet the serious harm test.
 */
const RESTRICTED_SUGGESTION: Record<Agency, RedactionExemption> = {
  police: 'crime-and-taxation',
  health: 'health-serious-harm',
  'childrens-social-care': 'social-work-serious-harm',
  education: 'education-serious-harm',
  other: 'third-party',
};

/** "version 1", "versions 1, 2" or "live, not sealed": where an item's text is held. */
function versionsLabel(versions: (number | null)[]): string {
  if (versions[0] === null || versions[0] === undefined) return LIVE_LABEL;
  return versions.length === 1 ? `version ${versions[0]}` : `versions ${versions.join(', ')}`;
}

/** An item a snapshot gives: `sourceId` is `<meeting>/<first version or "live">/<section key or compartment id>`. */
export interface DocumentItem {
  kind: SubjectItemKind;
  sourceId: string;
  meetingId: string;
  title: string;
  text: string;
  suggested: RedactionExemption | null;
}

interface Found extends Omit<DocumentItem, 'sourceId' | 'title'> {
  part: string;
  versions: (number | null)[];
  title: (label: string) => string;
}

/**
 * The items of snapshots (sealed versions in version order, then live documents): sections and
 * compartments with text that `wanted` accepts (a compartment also when it is in `ownCompartments`).
 * The same text of the same section or compartment in several sealed versions is one item, keyed by
 * the first version holding it and titled with every version holding it; a different text is another
 * item. The reviewer reads and redacts each text once.
 */
export function documentItems(
  snapshots: readonly DocumentsSnapshot[],
  wanted: (text: string) => boolean,
  ownCompartments: ReadonlySet<string>,
): DocumentItem[] {
  const found = new Map<string, Found>();
  const note = (f: Omit<Found, 'versions'>, version: number | null) => {
    const held = version === null ? 'live' : 'sealed';
    const same = JSON.stringify([f.kind, f.meetingId, f.part, held, f.text]);
    const existing = found.get(same);
    if (existing) existing.versions.push(version);
    else found.set(same, { ...f, versions: [version] });
  };
  for (const snap of snapshots) {
    for (const s of snap.sections) {
      if (s.text.trim() === '' || !wanted(s.text)) continue;
      const title = (label: string) => `${s.document} (${label}): ${s.title}`;
      note(
        { kind: s.kind, meetingId: snap.meetingId, part: s.key, title, text: s.text, suggested: null },
        snap.version,
      );
    }
    for (const c of snap.compartments) {
      if (c.text.trim() === '' || (!ownCompartments.has(c.id) && !wanted(c.text))) continue;
      const owner = c.ownerAgency as Agency;
      note(
        {
          kind: 'restricted',
          meetingId: snap.meetingId,
          part: c.id,
          title: (label) =>
            `Restricted information (${owner}) in ${c.document.toLowerCase()} (${label}): ${c.sectionTitle}`,
          text: `Restricted by: ${owner}\nWho may know: ${c.audience}\n${c.text}`,
          suggested: RESTRICTED_SUGGESTION[owner] ?? 'third-party',
        },
        snap.version,
      );
    }
  }
  return [...found.values()].map((f) => ({
    kind: f.kind,
    sourceId: `${f.meetingId}/${f.versions[0] === null ? 'live' : String(f.versions[0])}/${f.part}`,
    meetingId: f.meetingId,
    title: f.title(versionsLabel(f.versions)),
    text: f.text,
    suggested: f.suggested,
  }));
}
