import { Inject, Injectable } from '@nestjs/common';
import type { DecisionTemplate } from '@roundtable/shared/decisions';
import {
  needsIndependentChair,
  MEETING_TYPE_LABELS,
  MEETING_TYPE_REFERENCE_PREFIXES,
  MEETING_TYPES,
  type MeetingType,
  type MeetingTypeDefinition,
} from '@roundtable/shared/pathway';
import { type DocumentTemplate, templateFor } from '@roundtable/shared/templates';
import { MEETING_ROLE_LABELS, MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, DomainError } from '../../platform';
import { ConferencesRepository } from './conferences.repository';
import { MEETING_TYPE_DEFAULTS } from './meeting-type-defaults';

/** "a core group meeting", "an initial child protection conference". */
export function aMeetingOfType(label: string): string {
  const lower = label.toLowerCase();
  return `${/^[aeiou]/.test(lower) ? 'an' : 'a'} ${lower}`;
}

type MeetingTypesConfig = Pick<AppConfig, 'meetingTypes' | 'decisionTemplates' | 'documentTemplates'>;

/**
 * Each meeting type as this deployment runs it: the built-in defaults
 * (meeting-type-defaults.ts) changed by MEETING_TYPES_FILE, validated at boot.
 *
 * Decision templates a type's chair can open: the file's list when it gives
 * one; else the built-in ones the deployment has. A strategy discussion
 * without a list in the file opens every decision template of the deployment
 * except the other types' built-in ones (the conferences' plan decisions):
 * with the built-in templates that is the section 47 threshold decision, and
 * a deployment's own templates (DECISION_TEMPLATES_FILE) stay open to its
 * strategy discussions as they were before meeting types. One type's list
 * never changes because the file changed another's.
 */
export function buildMeetingTypes(config: MeetingTypesConfig): MeetingTypeDefinition[] {
  const configured = config.decisionTemplates.map((t) => t.key);
  const override = (type: MeetingType) => config.meetingTypes.find((o) => o.type === type);
  const otherTypesDefaults = new Set(MEETING_TYPES.flatMap((t) => MEETING_TYPE_DEFAULTS[t].decisionTemplateKeys ?? []));
  const decisionKeys = (type: MeetingType): string[] => {
    const listed = override(type)?.decisionTemplateKeys;
    if (listed) return [...listed];
    const builtIn = MEETING_TYPE_DEFAULTS[type].decisionTemplateKeys;
    if (builtIn === null) return configured.filter((k) => !otherTypesDefaults.has(k));
    return builtIn.filter((k) => configured.includes(k));
  };
  return MEETING_TYPES.map((type) => {
    const own = override(type);
    const sections = own?.recordSections ?? MEETING_TYPE_DEFAULTS[type].recordSections;
    return {
      type,
      label: own?.label ?? MEETING_TYPE_LABELS[type],
      referencePrefix: MEETING_TYPE_REFERENCE_PREFIXES[type],
      recordSections: (sections ?? templateFor(config.documentTemplates, 'record').sections).map((s) => ({
        key: s.key,
        title: s.title,
        hint: s.hint,
      })),
      decisionTemplateKeys: decisionKeys(type),
      roles: [...(own?.roles ?? MEETING_ROLES)],
      independentChair: needsIndependentChair(type),
      convenedFrom: MEETING_TYPE_DEFAULTS[type].convenedFrom,
    };
  });
}

const capitalise = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;

@Injectable()
export class MeetingTypesService {
  private readonly definitions: MeetingTypeDefinition[];

  constructor(
    @Inject(APP_CONFIG) config: MeetingTypesConfig,
    private readonly repository: ConferencesRepository,
  ) {
    this.definitions = buildMeetingTypes(config);
  }

  /** Every type, in MEETING_TYPES order (GET /api/meeting-types). */
  list(): MeetingTypeDefinition[] {
    return this.definitions.map((d) => structuredClone(d));
  }

  definition(type: MeetingType): MeetingTypeDefinition {
    const found = this.definitions.find((d) => d.type === type);
    if (!found) throw new Error(`unknown meeting type ${type}`);
    return found;
  }

  /** The record template a meeting of this type is created with (it keeps its copy). */
  recordTemplate(type: MeetingType): DocumentTemplate {
    return { kind: 'record', sections: this.definition(type).recordSections.map((s) => ({ ...s })) };
  }

  /**
   * ValidationFailed (on role) when this deployment's meetings of the
   * meeting's type have no such role (MEETING_TYPES_FILE `roles`).
   */
  async requireRoleOffered(tx: EntityManager, meetingId: string, role: MeetingRole): Promise<void> {
    const type = (await this.repository.findMeetingType(tx, meetingId)) ?? 'strategy-discussion';
    const definition = this.definition(type);
    if (definition.roles.includes(role)) return;
    const offered = definition.roles.map((r) => MEETING_ROLE_LABELS[r].toLowerCase()).join(', ');
    const message = `${capitalise(aMeetingOfType(definition.label))} has no ${MEETING_ROLE_LABELS[role].toLowerCase()} role here: choose one of ${offered}`;
    throw new DomainError('ValidationFailed', message, [{ path: 'role', message }]);
  }

  /**
   * ValidationFailed (on templateKey) when the meeting's type does not open
   * decisions of this template, naming the ones it does. Inside the caller's
   * transaction, which has checked membership.
   */
  async requireDecisionTemplateAllowed(
    tx: EntityManager,
    meetingId: string,
    template: Pick<DecisionTemplate, 'key' | 'title'>,
    allTemplates: readonly Pick<DecisionTemplate, 'key' | 'title'>[],
  ): Promise<void> {
    const type = (await this.repository.findMeetingType(tx, meetingId)) ?? 'strategy-discussion';
    const definition = this.definition(type);
    if (definition.decisionTemplateKeys.includes(template.key)) return;
    const allowed = definition.decisionTemplateKeys
      .map((key) => allTemplates.find((t) => t.key === key)?.title ?? key)
      .map((title) => `“${title}”`);
    const message = allowed.length
      ? `${capitalise(aMeetingOfType(definition.label))} does not open “${template.title}”: choose ${allowed.join(' or ')}`
      : `${capitalise(aMeetingOfType(definition.label))} opens no decisions from templates: “${template.title}” belongs to another kind of meeting`;
    throw new DomainError('ValidationFailed', message, [{ path: 'templateKey', message }]);
  }
}
