import { DISSENT_PART_LABELS } from '@roundtable/shared/decisions';
import type {
  ActionModel,
  AddendumModel,
  BlockModel,
  DecisionModel,
  DissentModel,
  PersonModel,
  CompartmentModel,
  RunModel,
  SealedRecordModel,
} from './sealed-record.model';
import {
  agencyLabel,
  categoriesLabel,
  documentTitle,
  formatDate,
  formatDateTime,
  formatLabel,
  HANDLING_MARKING,
  harmLabel,
  headingLevel,
  compartmentHeading,
  IDENTITY_WITHHELD,
  LEFT_OUT,
  lawfulBasisLabel,
  omissionsTitle,
  protectedAudience,
  sharingOutcomeLabel,
  nameAndTitle,
  nextStepLabel,
  optionLabel,
  outcomeLabel,
  pathwayTitle,
  personLabel,
  recordTitle,
  restrictionBadge,
  roleLabel,
  stageLabel,
  statusLabel,
  versionLine,
} from './record-text';
import { conferenceRecordHtml } from './conference-section';
import { familyParticipationHtml } from './family-participation-section';
import { fgdmRecordHtml } from './fgdm-section';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
/** Text with its line breaks kept. */
const multiline = (text: string): string => e(text).replace(/\n/g, '<br>');

// Inline only (the page has no scripts and loads nothing). GOV.UK-like type; 4.5:1 contrast or better.
const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;background:#fff;margin:0}
main,header.record,footer.record{max-width:60rem;margin:0 auto;padding:0 1rem}
h1{font-size:2rem;margin:1rem 0 .5rem}h2{font-size:1.5rem;margin:2rem 0 .75rem;border-top:2px solid #b1b4b6;padding-top:1rem}
h3{font-size:1.25rem;margin:1.5rem 0 .5rem}h4{font-size:1.1rem;margin:1rem 0 .5rem}
.marking{font-weight:700;letter-spacing:.05em;margin:1rem 0 0}
.notice{border-left:5px solid #1d70b8;padding:.5rem 1rem;background:#f3f2f1;margin:1rem 0}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.5rem .75rem .5rem 0;text-align:left;vertical-align:top}
dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem}dt{font-weight:700}dd{margin:0}
.restricted{border:2px solid #0b0c0c;padding:0 .25rem}.badge{font-weight:700;font-size:.875rem}
.addendum{border-left:5px solid #505a5f;padding:.25rem 1rem;margin:1rem 0}
.hash{font-family:monospace;overflow-wrap:anywhere}
.empty{color:#505a5f}
.compartment{border-left:5px solid #0b0c0c;padding:.25rem 1rem;margin:1rem 0}
@media print{h2{break-after:avoid}table{break-inside:auto}}
`;

function run(r: RunModel): string {
  if (r.withheld) return `<strong class="withheld">[${e(r.text)}]</strong>`;
  if (!r.restriction) return multiline(r.text);
  return `<span class="restricted"><strong class="badge">[${e(restrictionBadge(r.restriction))}]</strong> ${multiline(r.text)}</span>`;
}

/** Blocks as headings, paragraphs and lists; consecutive list items share one list. */
function blocks(list: readonly BlockModel[], headingFloor: number): string {
  if (list.length === 0) return '<p class="empty">Nothing was recorded.</p>';
  const out: string[] = [];
  let inList = false;
  let lastHeading = headingFloor - 1;
  for (const block of list) {
    const content = block.runs.map(run).join('');
    if (block.listItem !== inList) {
      out.push(block.listItem ? '<ul>' : '</ul>');
      inList = block.listItem;
    }
    if (block.listItem) out.push(`<li>${content}</li>`);
    else if (block.type === 'heading') {
      const level = headingLevel(headingFloor, block.level, lastHeading);
      lastHeading = level;
      out.push(`<h${level}>${content}</h${level}>`);
    } else out.push(`<p>${content}</p>`);
  }
  if (inList) out.push('</ul>');
  return out.join('\n');
}

const person = (p: PersonModel | null): string => (p ? e(personLabel(p)) : 'Not recorded');

function table(caption: string, headings: readonly string[], rows: readonly string[][]): string {
  const head = headings.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows
    .map(
      ([first, ...rest]) => `<tr><th scope="row">${first ?? ''}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${e(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function details(pairs: readonly [string, string][]): string {
  return `<dl>${pairs.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function headerSection(model: SealedRecordModel): string {
  const h = model.header;
  const pairs: [string, string][] = [
    ['Reference', e(h.reference)],
    ['Date and time', e(formatDateTime(h.scheduledAt))],
    ['Format', e(formatLabel(h.format))],
    ['Chair', person(h.chair)],
  ];
  if (h.startedAt) pairs.push(['Started', e(formatDateTime(h.startedAt))]);
  if (h.concludedAt) pairs.push(['Concluded', e(formatDateTime(h.concludedAt))]);
  const children = table(
    'Children discussed',
    ['Name', 'Date of birth'],
    h.children.map((c) => [e(c.name), c.dateOfBirth ? e(formatDate(c.dateOfBirth)) : 'Not known']),
  );
  const reason = h.convenedBecause
    ? `<h3>Why the discussion was convened</h3><p>${multiline(h.convenedBecause)}</p>`
    : '';
  return `<section aria-labelledby="details"><h2 id="details">Meeting details</h2>${details(pairs)}${children}${reason}</section>`;
}

function attendanceSection(model: SealedRecordModel): string {
  const { attended, absent } = model.attendance;
  const who = (p: PersonModel) => [e(nameAndTitle(p)), e(agencyLabel(p.agency)), e(roleLabel(p.role))];
  const present = attended.length
    ? table('Attended', ['Person', 'Agency', 'Role in the meeting'], attended.map(who))
    : '<p class="empty">No attendance was recorded.</p>';
  const away = absent.length
    ? table(
        'Invited and did not attend',
        ['Person', 'Agency', 'Role in the meeting', 'Reason'],
        absent.map(({ person: p, reason }) => [...who(p), reason ? multiline(reason) : 'Not recorded']),
      )
    : '';
  return `<section aria-labelledby="attendance"><h2 id="attendance">Attendance</h2>${present}${away}</section>`;
}

function addendum(a: AddendumModel): string {
  const signed = a.signedOffAt ? `, signed off by ${person(a.signedOffBy)} on ${e(formatDateTime(a.signedOffAt))}` : '';
  return `<section class="addendum"><h4>Addendum by ${person(a.addedBy)}${signed}</h4>${blocks(a.blocks, 5)}</section>`;
}

/** Restricted information beside a section: its text under a heading saying who may read it, or the notice. */
function compartment(c: CompartmentModel): string {
  if (c.withheld) return `<p class="notice"><strong>${e(c.withheld)}</strong></p>`;
  return `<section class="compartment"><h4>${e(compartmentHeading(c))}</h4>${blocks(c.blocks, 5)}</section>`;
}

function recordSections(model: SealedRecordModel): string {
  const sections = model.sections
    .map(
      (s, i) =>
        `<section aria-labelledby="s-${i}"><h3 id="s-${i}">${e(s.title)}</h3>${blocks(s.blocks, 4)}${s.compartments
          .map(compartment)
          .join('')}${s.addenda.map(addendum).join('')}</section>`,
    )
    .join('\n');
  const whole = model.recordAddenda.length
    ? `<section aria-labelledby="s-whole"><h3 id="s-whole">Addenda to the record as a whole</h3>${model.recordAddenda
        .map(addendum)
        .join('')}</section>`
    : '';
  return `<section aria-labelledby="record"><h2 id="record">Record of the discussion</h2>${sections}${whole}</section>`;
}

function dissent(d: DissentModel): string {
  const steps = d.steps.length
    ? table(
        'Escalation trail',
        ['Stage', 'Recorded', 'By', 'Note'],
        d.steps.map((s) => [
          e(stageLabel(s.stage)),
          e(formatDateTime(s.recordedAt)),
          person(s.recordedBy),
          s.note === null ? 'Left out of this version' : multiline(s.note),
        ]),
      )
    : '';
  const resolution =
    d.escalationStatus === 'resolved'
      ? `<p><strong>Resolved</strong>${d.resolvedAt ? ` on ${e(formatDateTime(d.resolvedAt))}` : ''}${
          d.resolvedBy ? ` by ${person(d.resolvedBy)}` : ''
        }: ${multiline(d.outcome ?? '')}</p>`
      : `<p><strong>Escalation open</strong> at stage: ${e(stageLabel(d.stage))}.</p>`;
  return `<h5>Dissent: ${e(agencyLabel(d.agency))}</h5><p><strong>Dissents from:</strong> ${e(
    DISSENT_PART_LABELS[d.part],
  )}.</p><p>Recorded by ${person(d.recordedBy)} on ${e(
    formatDateTime(d.recordedAt),
  )}.</p><p>${multiline(d.reasons)}</p>${steps}${resolution}`;
}

function decision(d: DecisionModel, index: number): string {
  const label = (key: string) => e(optionLabel(d.optionLabels, key));
  const views = d.views.length
    ? table(
        `Agency views: ${d.title}`,
        ['Agency', 'Significant harm suspected', 'Recommended', 'Reasons', 'Conditions', 'Recorded'],
        d.views.map((v) => [
          `${e(agencyLabel(v.agency))}${v.current ? '' : ' (earlier view)'}${
            v.restriction ? ` <strong class="badge">[${e(restrictionBadge(v.restriction))}]</strong>` : ''
          }`,
          e(harmLabel(v.harm)),
          label(v.recommendedOption),
          `${multiline(v.reasons)}${v.keyInformation ? `<br><strong>Key information:</strong> ${multiline(v.keyInformation)}` : ''}`,
          v.conditions ? multiline(v.conditions) : 'None',
          `${person(v.recordedBy)}, ${e(formatDateTime(v.recordedAt))}`,
        ]),
      )
    : '<p class="empty">No agency recorded a view.</p>';
  const withheldViews = d.withheldViews
    .map((n) => `<p class="notice"><strong>${e(n)}</strong> (an agency view)</p>`)
    .join('');
  const notReached = d.notReached
    ? `<h4>Not reached</h4><p>The discussion concluded without this decision. Recorded by ${person(
        d.notReached.recordedBy,
      )} on ${e(formatDateTime(d.notReached.recordedAt))}:</p><p>${
        d.notReached.reason === null ? LEFT_OUT : multiline(d.notReached.reason)
      }</p>`
    : '';
  const la = d.laDecisions.length
    ? d.laDecisions
        .map(
          (entry) =>
            `<h4>The local authority’s decision${entry.inForce ? '' : ' (corrected by a later entry)'}${
              entry.correctionReason ? ' (a correction)' : ''
            }</h4>${details([
              ['Decision', entry.chosenOptions.map(label).join('; ')],
              ['Reasons', entry.reasons === null ? LEFT_OUT : multiline(entry.reasons)],
              [
                'Protective action',
                entry.protectiveActions.length ? entry.protectiveActions.map(label).join('; ') : 'None',
              ],
              ...(entry.protectiveActionDetails
                ? ([['Protective action details', multiline(entry.protectiveActionDetails)]] as [string, string][])
                : []),
              ...(entry.correctionReason
                ? ([['Why it was corrected', multiline(entry.correctionReason)]] as [string, string][])
                : []),
              ['Recorded by', `${person(entry.recordedBy)}, ${e(formatDateTime(entry.recordedAt))}`],
              ['Record state (SHA-256)', `<span class="hash">${e(entry.recordStateSha256)}</span>`],
            ])}`,
        )
        .join('')
    : d.notReached
      ? ''
      : '<p class="empty">The local authority did not record a decision.</p>';
  const dissents = d.dissents.length ? `<h4>Dissent and escalation</h4>${d.dissents.map(dissent).join('')}` : '';
  return `<section aria-labelledby="d-${index}"><h3 id="d-${index}">${e(d.title)}</h3><p>${multiline(
    d.question,
  )}</p><p>Children: ${e(d.children.join(', ') || 'None named')}.</p>${views}${withheldViews}${notReached}${la}${dissents}</section>`;
}

function actionRow(a: ActionModel): string[] {
  return [
    `${multiline(a.description)}${a.restriction ? ` <strong class="badge">[${e(restrictionBadge(a.restriction))}]</strong>` : ''}`,
    person(a.owner),
    e(agencyLabel(a.ownerAgency)),
    e(formatDateTime(a.dueAt)),
    e(statusLabel(a.status)),
    a.child ? e(a.child) : '',
  ];
}

function safetyPlanSection(model: SealedRecordModel): string {
  const plan = model.safetyPlan;
  if (!plan) return '';
  const sections = plan.sections
    .map(
      (s, i) =>
        `<section aria-labelledby="p-${i}"><h3 id="p-${i}">${e(s.title)}</h3>${blocks(s.blocks, 4)}${s.compartments
          .map(compartment)
          .join('')}</section>`,
    )
    .join('');
  const addenda = plan.addenda.length
    ? `<section aria-labelledby="p-addenda"><h3 id="p-addenda">Addenda to the safety plan</h3>${plan.addenda
        .map(addendum)
        .join('')}</section>`
    : '';
  const scores = plan.scores.length
    ? table(
        'Safety scaling (0 to 10) by agency',
        ['Agency', 'Score', 'Recorded'],
        plan.scores.map((s) => [
          e(agencyLabel(s.agency)),
          String(s.score),
          `${person(s.recordedBy)}, ${e(formatDateTime(s.recordedAt))}`,
        ]),
      )
    : '<p class="empty">No agency recorded a safety scaling score.</p>';
  return `<section aria-labelledby="safety-plan"><h2 id="safety-plan">Safety plan</h2>${sections}${addenda}${scores}</section>`;
}

/** People whose identity is protected and decisions about sharing information (not in the family version). */
function needToKnowSections(model: SealedRecordModel): string {
  if (model.variant === 'family') return '';
  const people = model.protectedPersons.length
    ? table(
        'People whose identity is protected',
        ['How the record refers to them', 'Role', 'Name', 'Who may know their name'],
        model.protectedPersons.map((p) => [
          e(p.label),
          e(p.role.replace('-', ' ')),
          p.name === null ? `<strong>${IDENTITY_WITHHELD}</strong>` : e(p.name),
          e(protectedAudience(p.audience)),
        ]),
      )
    : '<p class="empty">No one’s identity was recorded as protected.</p>';
  const decisions = model.sharingDecisions.length
    ? table(
        'Decisions to share information or not',
        ['Outcome', 'What', 'With whom', 'Lawful basis', 'Reason', 'Decided'],
        model.sharingDecisions.map((d) => [
          e(sharingOutcomeLabel(d.outcome)),
          multiline(d.what),
          multiline(d.withWhom),
          e(lawfulBasisLabel(d.lawfulBasis)),
          multiline(d.reason),
          `${person(d.decidedBy)}, ${e(formatDateTime(d.decidedAt))}`,
        ]),
      )
    : model.withheldSharingDecisions.length
      ? ''
      : '<p class="empty">No decisions about sharing information were recorded.</p>';
  const withheld = model.withheldSharingDecisions
    .map((n) => `<p class="notice"><strong>${e(n)}</strong> (a decision about sharing information)</p>`)
    .join('');
  return `<section aria-labelledby="protected"><h2 id="protected">Protected identities</h2>${people}</section>
<section aria-labelledby="sharing"><h2 id="sharing">Information-sharing decisions</h2>${decisions}${withheld}</section>`;
}

/** A plan meeting's outcomes for each child (conferences) and the plan version it reviewed, with its hash. */
function pathwaySection(model: SealedRecordModel): string {
  const p = model.pathway;
  if (!p) return '';
  const outcomes = !p.conference
    ? ''
    : p.outcomes.length
      ? table(
          'Outcome for each child',
          ['Child', 'Outcome', 'Categories', 'Next step', 'Reasons', 'Recorded'],
          p.outcomes.map((o) => [
            e(o.child),
            e(outcomeLabel(o.outcome)),
            e(categoriesLabel(o.categories)),
            e(nextStepLabel(o)),
            o.reasons === null ? LEFT_OUT : multiline(o.reasons),
            `${person(o.recordedBy)}, ${e(formatDateTime(o.recordedAt))}`,
          ]),
        )
      : '<p class="empty">No outcome was recorded for any child.</p>';
  const reviews = p.planReviews.length
    ? table(
        'Plan version reviewed',
        ['Child', 'Version', 'SHA-256 (as in the audit trail)'],
        p.planReviews.map((r) => [e(r.child), String(r.version), `<span class="hash">${e(r.hash)}</span>`]),
      )
    : '<p class="empty">No child had a child protection plan to review.</p>';
  return `<section aria-labelledby="pathway"><h2 id="pathway">${e(pathwayTitle(p.conference))}</h2>${outcomes}${reviews}</section>`;
}

/**
 * The record as one accessible HTML page: `lang="en-GB"`, one h1 and nested
 * headings, tables with captions and header scopes, no scripts and no
 * external resources (inline CSS only). Pure: the same model gives the same
 * bytes.
 */
export function renderRecordHtml(model: SealedRecordModel): string {
  const omissions = model.omissions.length
    ? `<div class="notice" role="note"><h2 id="omissions">${e(omissionsTitle(model))}</h2><ul>${model.omissions
        .map((o) => `<li>${e(o)}</li>`)
        .join('')}</ul></div>`
    : '';
  const actions = model.actions.length
    ? table(
        'Actions, owners and due dates',
        ['Action', 'Owner', 'Agency', 'Due', 'Status', 'Child'],
        model.actions.map(actionRow),
      )
    : '<p class="empty">No actions were recorded.</p>';
  const withheldActions = model.withheldActions
    .map((n) => `<p class="notice"><strong>${e(n)}</strong> (an action)</p>`)
    .join('');
  const signOff = model.signOff
    ? `<p>Signed off by ${person(model.signOff.by)} on ${e(formatDateTime(model.signOff.at))}.</p>`
    : '<p class="empty">Not signed off.</p>';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(documentTitle(model))}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="record">
<p class="marking">${HANDLING_MARKING}</p>
<h1>${e(recordTitle(model))} ${e(model.header.reference)}</h1>
<p>${e(versionLine(model))}</p>
</header>
<main>
${omissions}
${headerSection(model)}
${attendanceSection(model)}
${conferenceRecordHtml(model.conference, escapeHtml)}
${fgdmRecordHtml(model.fgdm, escapeHtml)}
${familyParticipationHtml(model.family, escapeHtml)}
${recordSections(model)}
${needToKnowSections(model)}
<section aria-labelledby="decisions"><h2 id="decisions">Decisions</h2>${
    model.decisions.length ? model.decisions.map(decision).join('\n') : '<p class="empty">No decisions were opened.</p>'
  }</section>
${pathwaySection(model)}
<section aria-labelledby="actions"><h2 id="actions">Actions</h2>${actions}${withheldActions}</section>
${safetyPlanSection(model)}
<section aria-labelledby="sign-off"><h2 id="sign-off">Sign-off</h2>${signOff}</section>
</main>
<footer class="record"><p>${HANDLING_MARKING}. ${e(documentTitle(model))}. Roundtable keeps the SHA-256 of this file and wrote it to the audit trail when the record was sealed.</p></footer>
</body>
</html>
`;
}
