import { DEFAULT_DECISION_TEMPLATES, S47_THRESHOLD_TEMPLATE } from '@roundtable/shared/decisions';
import { DEFAULT_DOCUMENT_TEMPLATES, DEFAULT_RECORD_TEMPLATE } from '@roundtable/shared/templates';
import { buildMeetingTypes } from './meeting-types.service';

const defaults = {
  meetingTypes: [],
  decisionTemplates: DEFAULT_DECISION_TEMPLATES,
  documentTemplates: DEFAULT_DOCUMENT_TEMPLATES,
};
const byType = (config: Parameters<typeof buildMeetingTypes>[0]) =>
  Object.fromEntries(buildMeetingTypes(config).map((d) => [d.type, d]));

describe('meeting types', () => {
  it('keeps the strategy discussion as it was: the deployment’s record and the section 47 threshold decision', () => {
    const types = byType(defaults);
    expect(types['strategy-discussion']).toMatchObject({
      label: 'Strategy discussion',
      referencePrefix: 'SD',
      recordSections: DEFAULT_RECORD_TEMPLATE.sections,
      decisionTemplateKeys: ['s47-threshold'],
      independentChair: false,
    });
    const record = { kind: 'record' as const, sections: [{ key: 'notes', title: 'Notes', hint: '' }] };
    const local = byType({ ...defaults, documentTemplates: [record, DEFAULT_DOCUMENT_TEMPLATES[1]!] });
    expect(local['strategy-discussion']!.recordSections).toEqual(record.sections);
    expect(local.icpc!.recordSections).toEqual(types.icpc!.recordSections);
  });

  it('honours MEETING_TYPES_FILE: label, record sections and decision templates of the types it lists', () => {
    const sections = [{ key: 'views', title: 'Views', hint: 'Everyone’s.' }];
    const types = byType({
      ...defaults,
      meetingTypes: [
        {
          type: 'icpc',
          label: 'Initial conference',
          recordSections: sections,
          decisionTemplateKeys: ['s47-threshold', 'icpc-plan'],
        },
        { type: 'core-group', decisionTemplateKeys: ['review-conference-plan'] },
      ],
    });
    expect(types.icpc).toMatchObject({ label: 'Initial conference', recordSections: sections, independentChair: true });
    expect(types.icpc!.decisionTemplateKeys).toEqual(['s47-threshold', 'icpc-plan']);
    expect(types['core-group']!.recordSections[0]!.key).toBe('visits');
    expect(types.icpc!.roles).toEqual(['chair', 'participant', 'minute-taker', 'observer']);
    // A type the file leaves out keeps its own.
    expect(types['strategy-discussion']!.decisionTemplateKeys).toEqual(['s47-threshold']);
  });

  it('keeps a deployment’s own decision templates open to its strategy discussions', () => {
    const own = [S47_THRESHOLD_TEMPLATE, { ...S47_THRESHOLD_TEMPLATE, key: 'lado', title: 'Refer to the LADO' }];
    const types = byType({ ...defaults, decisionTemplates: own });
    expect(types['strategy-discussion']!.decisionTemplateKeys).toEqual(['s47-threshold', 'lado']);
    expect(types.icpc!.decisionTemplateKeys).toEqual([]);
  });
});
