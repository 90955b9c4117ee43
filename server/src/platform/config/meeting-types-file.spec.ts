import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S47_THRESHOLD_TEMPLATE } from '@roundtable/shared/decisions';
import { ConfigError, loadConfig } from './app-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-meeting-types-'));
const file = (name: string, content: unknown) => {
  const full = path.join(dir, name);
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
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

describe('MEETING_TYPES_FILE', () => {
  it('changes nothing when unset', () => {
    expect(loadConfig({}).meetingTypes).toEqual([]);
  });

  it('reads the types the file lists', () => {
    const coreGroup = {
      type: 'core-group',
      label: 'Core group',
      recordSections: [{ key: 'progress', title: 'Progress', hint: '' }],
      decisionTemplateKeys: ['s47-threshold'],
    };
    expect(loadConfig({ MEETING_TYPES_FILE: file('good.json', { meetingTypes: [coreGroup] }) }).meetingTypes).toEqual([
      coreGroup,
    ]);
  });

  it('refuses a meeting type without the chair role', () => {
    const message = messageOf({
      MEETING_TYPES_FILE: file('no-chair.json', { meetingTypes: [{ type: 'core-group', roles: ['participant'] }] }),
    });
    expect(message).toContain('Every meeting type has the chair role');
  });

  it('refuses a decision template the deployment does not have, naming it', () => {
    const message = messageOf({
      MEETING_TYPES_FILE: file('unknown-template.json', {
        meetingTypes: [{ type: 'icpc', decisionTemplateKeys: ['icpc-plan', 'lado'] }],
      }),
    });
    expect(message).toContain('MEETING_TYPES_FILE');
    expect(message).toContain('meetingTypes.0.decisionTemplateKeys');
    expect(message).toMatch(/Initial child protection conference names the decision template lado/);
    expect(message).not.toMatch(/template icpc-plan,/);
  });

  it('checks decision templates against DECISION_TEMPLATES_FILE when one is set', () => {
    const own = { ...S47_THRESHOLD_TEMPLATE, key: 'local-threshold' };
    const decisions = file('decisions.json', { templates: [own] });
    const types = file('types.json', {
      meetingTypes: [{ type: 'strategy-discussion', decisionTemplateKeys: ['s47-threshold'] }],
    });
    expect(messageOf({ DECISION_TEMPLATES_FILE: decisions, MEETING_TYPES_FILE: types })).toMatch(
      /decision template s47-threshold, which this deployment does not have \(it has: local-threshold\)/,
    );
    const fixed = file('fixed.json', {
      meetingTypes: [{ type: 'strategy-discussion', decisionTemplateKeys: ['local-threshold'] }],
    });
    expect(loadConfig({ DECISION_TEMPLATES_FILE: decisions, MEETING_TYPES_FILE: fixed }).meetingTypes).toHaveLength(1);
  });

  it('lists every problem in the file, one line each', () => {
    const message = messageOf({
      MEETING_TYPES_FILE: file('bad.json', {
        meetingTypes: [
          { type: 'family-meeting' },
          { type: 'icpc', recordSections: [{ key: 'Bad Key', title: 'X' }], colour: 'red' },
        ],
      }),
    });
    for (const where of ['meetingTypes.0.type', 'meetingTypes.1.recordSections.0.key', 'meetingTypes.1']) {
      expect(message).toContain(where);
    }
    expect(
      messageOf({
        MEETING_TYPES_FILE: file('twice.json', {
          meetingTypes: [
            {
              type: 'icpc',
              recordSections: [
                { key: 'views', title: 'Views' },
                { key: 'views', title: 'Views again' },
              ],
            },
          ],
        }),
      }),
    ).toMatch(/meetingTypes\.0\.recordSections: the section key views is listed more than once/);
    expect(
      messageOf({ MEETING_TYPES_FILE: file('dup.json', { meetingTypes: [{ type: 'icpc' }, { type: 'icpc' }] }) }),
    ).toMatch(/Each meeting type may be listed once/);
  });

  it('says when the file is missing or not JSON', () => {
    expect(messageOf({ MEETING_TYPES_FILE: path.join(dir, 'missing.json') })).toMatch(
      /MEETING_TYPES_FILE: cannot read .*ENOENT/,
    );
    expect(messageOf({ MEETING_TYPES_FILE: file('broken.json', '{ meetingTypes: ') })).toContain('is not valid JSON');
  });
});
