import { RECORD_SECTION_KEYS } from './constants';
import { DOCUMENT_KINDS, documentName, parseDocumentName } from './realtime';
import {
  DEFAULT_DOCUMENT_TEMPLATES,
  DocumentTemplatesFileSchema,
  DocumentTemplateSetSchema,
  completeTemplateSet,
  restrictionFromMarkAttributes,
  templateFor,
} from './templates';

const ID = '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d';

describe('document templates', () => {
  it('defaults the record to the strategy discussion sections and the safety plan to Signs of Safety', () => {
    expect(DocumentTemplateSetSchema.parse(DEFAULT_DOCUMENT_TEMPLATES)).toHaveLength(DOCUMENT_KINDS.length);
    expect(templateFor(DEFAULT_DOCUMENT_TEMPLATES, 'record').sections.map((s) => s.key)).toEqual(RECORD_SECTION_KEYS);
    expect(templateFor(DEFAULT_DOCUMENT_TEMPLATES, 'safety-plan').sections.map((s) => s.key)).toEqual(
      expect.arrayContaining(['worries', 'working-well', 'safety-goals', 'family-rules', 'plan-broken', 'review-date']),
    );
  });

  it('completes a file that only replaces the safety plan with the default record', () => {
    const file = DocumentTemplatesFileSchema.parse({
      templates: [{ kind: 'safety-plan', sections: [{ key: 'rules', title: 'Rules' }] }],
    });
    const set = completeTemplateSet(file);
    expect(set.map((t) => t.kind)).toEqual(['record', 'safety-plan']);
    expect(templateFor(set, 'safety-plan').sections).toEqual([{ key: 'rules', title: 'Rules', hint: '' }]);
    expect(templateFor(set, 'record')).toBe(templateFor(DEFAULT_DOCUMENT_TEMPLATES, 'record'));
  });

  it('lists every problem in a bad file', () => {
    const result = DocumentTemplatesFileSchema.safeParse({
      templates: [
        { kind: 'minutes', sections: [] },
        {
          kind: 'record',
          sections: [
            { key: 'A b', title: '' },
            { key: 'x', title: 'X' },
            { key: 'x', title: 'Y' },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'templates.0.kind',
        'templates.0.sections',
        'templates.1.sections.0.key',
        'templates.1.sections.0.title',
      ]),
    );
  });

  it('refuses two templates for one kind', () => {
    const section = { key: 'a', title: 'A' };
    const result = DocumentTemplatesFileSchema.safeParse({
      templates: [
        { kind: 'record', sections: [section] },
        { kind: 'record', sections: [section] },
      ],
    });
    expect(result.success).toBe(false);
  });
});

describe('restriction marks', () => {
  it('reads a known kind and ignores anything else', () => {
    expect(restrictionFromMarkAttributes({ kind: 'not-for-family' })).toBe('not-for-family');
    expect(restrictionFromMarkAttributes({ kind: 'police-restricted' })).toBe('police-restricted');
    expect(restrictionFromMarkAttributes({ kind: 'secret' })).toBeNull();
    expect(restrictionFromMarkAttributes(true)).toBeNull();
    expect(restrictionFromMarkAttributes(null)).toBeNull();
  });
});

describe('safety plan document name', () => {
  it('round-trips', () => {
    expect(parseDocumentName(documentName(ID, 'safety-plan'))).toEqual({ meetingId: ID, kind: 'safety-plan' });
  });
});
