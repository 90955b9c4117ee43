import {
  RESTRICTED_MARK,
  RESTRICTION_KINDS,
  type RestrictionKind,
  restrictionFromMarkAttributes,
} from '@roundtable/shared/templates';
import type { DocumentTemplate } from '@roundtable/shared/templates';
import * as Y from 'yjs';
import type { TextBlock, TextRun, TextSection } from '../../meeting';

/** Inline nodes: part of a text block's content, never blocks of their own. */
const INLINE_NODES = new Set(['hardBreak']);

// y-tiptap names the attribute of a mark that may overlap itself `<mark>--<hash>`.
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The restriction a run's formatting attributes carry (the stricter, when it carries both), or null. */
export function restrictionOf(attributes: Record<string, unknown> | undefined): RestrictionKind | null {
  if (!attributes) return null;
  let found: RestrictionKind | null = null;
  for (const [name, value] of Object.entries(attributes)) {
    const markName = HASHED_MARK_NAME.exec(name)?.[1] ?? name;
    if (markName !== RESTRICTED_MARK) continue;
    const kind = restrictionFromMarkAttributes(value);
    // Two flags on one passage: police restricted is the stricter.
    if (kind && (found === null || RESTRICTION_KINDS.indexOf(kind) < RESTRICTION_KINDS.indexOf(found))) found = kind;
  }
  return found;
}

function pushRun(runs: TextRun[], text: string, restriction: RestrictionKind | null): void {
  if (text === '') return;
  const last = runs.at(-1);
  if (last && last.restriction === restriction) last.text += text;
  else runs.push({ text, restriction });
}

function runsOf(element: Y.XmlElement): TextRun[] {
  const runs: TextRun[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') pushRun(runs, op.insert, restrictionOf(op.attributes));
      }
    } else if (child instanceof Y.XmlElement && INLINE_NODES.has(child.nodeName)) {
      pushRun(runs, '\n', runs.at(-1)?.restriction ?? null);
    }
  }
  return runs;
}

/**
 * The text of one document section (a Y.XmlFragment bound by TipTap) as
 * blocks of runs, each run carrying its restriction flag from the
 * `restricted` mark. Nested structures (lists, quotes) are flattened to their
 * text blocks in document order, with `ancestors` saying where each sat.
 * Pure: reads the fragment, changes nothing.
 */
export function documentBlocks(fragment: Y.XmlFragment | Y.XmlElement, ancestors: string[] = []): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    const children = child.toArray();
    const isTextBlock =
      children.length === 0 ||
      children.some((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && INLINE_NODES.has(c.nodeName)));
    if (isTextBlock) {
      blocks.push({ type: child.nodeName, attributes: { ...child.getAttributes() }, ancestors, runs: runsOf(child) });
    } else {
      blocks.push(...documentBlocks(child, [...ancestors, child.nodeName]));
    }
  }
  return blocks;
}

/**
 * The blocks with every run flagged with one of `kinds` left out, and blocks
 * left empty by that removed (a family version leaves out both kinds).
 */
export function withoutRestricted(
  blocks: readonly TextBlock[],
  kinds: readonly RestrictionKind[] = RESTRICTION_KINDS,
): TextBlock[] {
  const result: TextBlock[] = [];
  for (const block of blocks) {
    const runs = block.runs.filter((r) => r.restriction === null || !kinds.includes(r.restriction));
    if (runs.length === 0 && block.runs.length > 0) continue;
    result.push({ ...block, runs });
  }
  return result;
}

/** A block's plain text. */
export function blockText(block: TextBlock): string {
  return block.runs.map((r) => r.text).join('');
}

/** Every section of a document, in the order of the meeting's template (sections never written are empty). */
export function documentSections(doc: Y.Doc, template: DocumentTemplate): TextSection[] {
  return template.sections.map(({ key, title }) => ({ key, title, blocks: documentBlocks(doc.getXmlFragment(key)) }));
}
