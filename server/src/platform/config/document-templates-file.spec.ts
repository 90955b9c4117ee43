import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DOCUMENT_TEMPLATES, DEFAULT_SAFETY_PLAN_TEMPLATE } from '@roundtable/shared/templates';
import { ConfigError, loadConfig } from './app-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-document-templates-'));
const file = (name: string, content: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
};
const messageOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('DOCUMENT_TEMPLATES_FILE', () => {
  it('defaults to the built-in record and Signs of Safety safety plan', () => {
    expect(loadConfig({}).documentTemplates).toEqual(DEFAULT_DOCUMENT_TEMPLATES);
  });

  it('replaces only the kinds the file lists', () => {
    const record = { kind: 'record', sections: [{ key: 'notes', title: 'Notes', hint: 'Anything.' }] };
    const config = loadConfig({
      DOCUMENT_TEMPLATES_FILE: file('record.json', JSON.stringify({ templates: [record] })),
    });
    expect(config.documentTemplates).toEqual([record, DEFAULT_SAFETY_PLAN_TEMPLATE]);
  });

  it('lists every problem in the file, one line each', () => {
    const message = messageOf({
      DOCUMENT_TEMPLATES_FILE: file(
        'bad.json',
        JSON.stringify({
          templates: [
            { kind: 'minutes', sections: [{ key: 'a', title: 'A' }] },
            {
              kind: 'record',
              sections: [
                { key: 'Bad Key', title: '' },
                { key: 'x', title: 'X', colour: 'red' },
              ],
            },
          ],
        }),
      ),
    });
    expect(message).toContain('DOCUMENT_TEMPLATES_FILE');
    for (const where of [
      'templates.0.kind',
      'templates.1.sections.0.key',
      'templates.1.sections.0.title',
      'templates.1.sections.1',
    ]) {
      expect(message).toContain(where);
    }
  });

  it('says when the file is missing or not JSON', () => {
    expect(messageOf({ DOCUMENT_TEMPLATES_FILE: path.join(dir, 'missing.json') })).toMatch(/cannot read .*ENOENT/);
    expect(messageOf({ DOCUMENT_TEMPLATES_FILE: file('broken.json', '{ templates: ') })).toContain('is not valid JSON');
  });

  it('lists problems in the decision and the document templates files together', () => {
    const message = messageOf({
      DECISION_TEMPLATES_FILE: file('decisions.json', '{}'),
      DOCUMENT_TEMPLATES_FILE: file('documents.json', '{"templates": []}'),
    });
    expect(message).toContain('DECISION_TEMPLATES_FILE');
    expect(message).toContain('DOCUMENT_TEMPLATES_FILE');
  });
});
