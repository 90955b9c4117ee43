import { AGENCIES, type Agency } from '@roundtable/shared/constants';
import {
  type Audience,
  type AudienceKind,
  type AudienceMember,
  isInAudience,
  withheldNotice,
} from '@roundtable/shared/need-to-know';
import { SEALED_RECORD_AGENCY_SLUGS, type SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { BlockModel, CompartmentModel, SealedRecordModel, SharingDecisionModel } from './sealed-record.model';

/**
 * Sealed records per reader (docs/SEALED-RECORDS.md "Versions per reader").
 * Everything restricted in a complete record is one item with an audience;
 * a member's version holds the items whose audience they are in, and says,
 * where each other one was, that it was withheld. Pure.
 */

/** Restriction kinds of entries and inline passages that limit who among the members reads them. */
const ENTRY_AUDIENCE_KINDS: Readonly<Record<string, AudienceKind>> = {
  'police-restricted': 'police-only',
  'health-restricted': 'health-only',
};

/**
 * The audience of an agency view or action flagged with `restriction`: the
 * agency's members and the chair, plus the people named (its recorder, an
 * action's owner). Null when the flag does not restrict it among members
 * (not for the family, or no flag).
 */
export function entryAudience(restriction: string | null, userIds: readonly string[] = []): Audience | null {
  const kind = restriction === null ? undefined : ENTRY_AUDIENCE_KINDS[restriction];
  return kind ? { kind, agencies: [], userIds: [...new Set(userIds)] } : null;
}

/** One restricted thing in a complete record and who may read it: a member in any of its audiences. */
export interface RestrictedItem {
  /** `compartment:<id>`, `view:<id>`, `action:<id>`, `person:<id>`, `sharing:<id>`, `inline:<kind>`. */
  key: string;
  /** The first one names it in the withheld notice. */
  audiences: Audience[];
}

/**
 * Who may read a sharing decision (as in the room, sharing-decision.mapper.ts):
 * the chair, the deciding agency's members and the decider, and for one that
 * widened a compartment, that compartment's audience. Null: every member.
 */
export function sharingDecisionAudiences(
  decision: SharingDecisionModel,
  compartments: ReadonlyMap<string, CompartmentModel>,
): Audience[] | null {
  const compartment = decision.compartmentId ? compartments.get(decision.compartmentId) : undefined;
  if (compartment && compartment.audience === null) return null;
  const decided: Audience = {
    kind: 'named-agencies',
    agencies: [decision.decidedAgency],
    userIds: [decision.decidedByUserId],
  };
  return compartment?.audience ? [compartment.audience, decided] : [decided];
}

function compartmentsOf(full: SealedRecordModel): CompartmentModel[] {
  return [
    ...full.sections.flatMap((s) => s.compartments),
    ...(full.safetyPlan?.sections ?? []).flatMap((s) => s.compartments),
  ];
}

function allBlocks(full: SealedRecordModel): BlockModel[] {
  return [
    ...full.sections.flatMap((s) => [...s.blocks, ...s.compartments.flatMap((c) => c.blocks)]),
    ...(full.safetyPlan?.sections ?? []).flatMap((s) => [...s.blocks, ...s.compartments.flatMap((c) => c.blocks)]),
  ];
}

/** Everything in the complete record that only an audience may read. */
export function restrictedItems(full: SealedRecordModel): RestrictedItem[] {
  const items: RestrictedItem[] = [];
  const compartments = new Map(compartmentsOf(full).map((c) => [c.id, c]));
  for (const c of compartments.values())
    if (c.audience) items.push({ key: `compartment:${c.id}`, audiences: [c.audience] });
  for (const kind of new Set(allBlocks(full).flatMap((b) => b.runs.map((r) => r.restriction)))) {
    const audience = entryAudience(kind);
    if (audience && kind) items.push({ key: `inline:${kind}`, audiences: [audience] });
  }
  for (const view of full.decisions.flatMap((d) => d.views)) {
    const audience = entryAudience(view.restriction, [view.recordedByUserId]);
    if (audience) items.push({ key: `view:${view.id}`, audiences: [audience] });
  }
  for (const action of full.actions) {
    const audience = entryAudience(action.restriction, [action.createdByUserId, action.ownerUserId]);
    if (audience) items.push({ key: `action:${action.id}`, audiences: [audience] });
  }
  for (const person of full.protectedPersons) {
    if (person.audience) items.push({ key: `person:${person.id}`, audiences: [person.audience] });
  }
  for (const decision of full.sharingDecisions) {
    // A decision to share a compartment is read by whoever may read the compartment (as widened, if it was).
    const audiences = sharingDecisionAudiences(decision, compartments);
    if (audiences) items.push({ key: `sharing:${decision.id}`, audiences });
  }
  return items;
}

/** The keys of the items a member may read. */
export function readableBy(member: AudienceMember, items: readonly RestrictedItem[]): Set<string> {
  return new Set(items.filter((item) => item.audiences.some((a) => isInAudience(member, a))).map((item) => item.key));
}

/** One version to seal for members: its variant name, who it is for, and what restricted items it holds. */
export interface ReaderVersionPlan {
  variant: SealedRecordVariant;
  readers: string[];
  readable: ReadonlySet<string>;
}

const setKey = (keys: ReadonlySet<string>) => [...keys].sort().join('|');

/**
 * The versions a sealing renders for members: `complete` (every restricted
 * item; the chair, and anyone who may read them all), `shared` (none; always
 * sealed, for members in no audience and members who join later), and one
 * `audience-<agencies>` for each other distinct set some member may read,
 * named after its readers' agencies (`-2`, `-3` when two would share a name:
 * the one with less restricted content first).
 */
export function planReaderVersions(
  items: readonly RestrictedItem[],
  members: readonly AudienceMember[],
): ReaderVersionPlan[] {
  const all = new Set(items.map((i) => i.key));
  const complete: ReaderVersionPlan = { variant: 'complete', readers: [], readable: all };
  const shared: ReaderVersionPlan = { variant: 'shared', readers: [], readable: new Set() };
  const groups = new Map<string, { readable: Set<string>; members: AudienceMember[] }>();
  for (const member of members) {
    const readable = readableBy(member, items);
    if (readable.size === all.size) complete.readers.push(member.userId);
    else if (readable.size === 0) shared.readers.push(member.userId);
    else {
      const group = groups.get(setKey(readable)) ?? { readable, members: [] };
      group.members.push(member);
      groups.set(setKey(readable), group);
    }
  }
  const named = [...groups.entries()]
    .map(([key, group]) => ({ key, group, slug: agencySlug(group.members.map((m) => m.agency)) }))
    .sort(
      (a, b) =>
        a.slug.localeCompare(b.slug) || a.group.readable.size - b.group.readable.size || a.key.localeCompare(b.key),
    );
  const used = new Map<string, number>();
  const audiences = named.map(({ group, slug }): ReaderVersionPlan => {
    const n = (used.get(slug) ?? 0) + 1;
    used.set(slug, n);
    return {
      variant: `audience-${slug}${n > 1 ? `-${n}` : ''}`,
      readers: group.members.map((m) => m.userId),
      readable: group.readable,
    };
  });
  return [complete, ...audiences, shared];
}

function agencySlug(agencies: readonly Agency[]): string {
  return AGENCIES.filter((a) => agencies.includes(a))
    .map((a) => SEALED_RECORD_AGENCY_SLUGS[a])
    .join('-');
}

/** Said at the top of every version that withholds something from its readers. */
export const READER_OMISSION =
  'Information restricted to people this version is not for is left out. Each place it was says so, e.g. “Information withheld: police restricted”.';

/**
 * A member's version of the complete record: restricted items outside
 * `readable` are replaced by their withheld notice (compartments, inline
 * passages), listed as withheld (views, actions, sharing decisions), or lose
 * their name ("Identity withheld": protected persons). Pure.
 */
export function toReaderVersion(
  full: SealedRecordModel,
  variant: SealedRecordVariant,
  readable: ReadonlySet<string>,
): SealedRecordModel {
  let withheld = 0;
  const count = <T>(value: T): T => {
    withheld++;
    return value;
  };
  const compartments = new Map(compartmentsOf(full).map((c) => [c.id, c]));
  const runsOf = (blocks: readonly BlockModel[]): BlockModel[] =>
    blocks.map((block) => ({
      ...block,
      runs: block.runs.map((run) => {
        const audience = entryAudience(run.restriction);
        if (!audience || readable.has(`inline:${run.restriction}`)) return run;
        return count({ text: withheldNotice(audience), restriction: null, withheld: true });
      }),
    }));
  const compartment = (c: CompartmentModel): CompartmentModel =>
    !c.audience || readable.has(`compartment:${c.id}`)
      ? { ...c, blocks: runsOf(c.blocks) }
      : count({ ...c, createdBy: null, blocks: [], withheld: withheldNotice(c.audience) });
  const isReadable = (key: string, audience: Audience | null) => audience === null || readable.has(key);

  const model: SealedRecordModel = {
    ...full,
    variant,
    sections: full.sections.map((s) => ({
      ...s,
      blocks: runsOf(s.blocks),
      compartments: s.compartments.map(compartment),
    })),
    decisions: full.decisions.map((d) => {
      const hidden = d.views.filter(
        (v) => !isReadable(`view:${v.id}`, entryAudience(v.restriction, [v.recordedByUserId])),
      );
      return {
        ...d,
        views: d.views.filter((v) => !hidden.includes(v)),
        withheldViews: hidden.map((v) => count(withheldNotice(entryAudience(v.restriction)!))),
      };
    }),
    actions: full.actions.filter((a) =>
      isReadable(`action:${a.id}`, entryAudience(a.restriction, [a.createdByUserId, a.ownerUserId])),
    ),
    withheldActions: full.actions
      .filter((a) => !isReadable(`action:${a.id}`, entryAudience(a.restriction, [a.createdByUserId, a.ownerUserId])))
      .map((a) => count(withheldNotice(entryAudience(a.restriction)!))),
    protectedPersons: full.protectedPersons.map((p) =>
      isReadable(`person:${p.id}`, p.audience) ? p : count({ ...p, name: null }),
    ),
    safetyPlan: full.safetyPlan && {
      ...full.safetyPlan,
      sections: full.safetyPlan.sections.map((s) => ({
        ...s,
        blocks: runsOf(s.blocks),
        compartments: s.compartments.map(compartment),
      })),
    },
    sharingDecisions: [],
    withheldSharingDecisions: [],
  };
  for (const decision of full.sharingDecisions) {
    const audiences = sharingDecisionAudiences(decision, compartments);
    if (!audiences || readable.has(`sharing:${decision.id}`)) model.sharingDecisions.push(decision);
    else model.withheldSharingDecisions.push(count(withheldNotice(audiences[0]!)));
  }
  model.omissions = withheld > 0 ? [READER_OMISSION] : [];
  return model;
}
