import { toFamilyVersion } from './family-version';
import { buildRecordModel, IDS, PEOPLE } from './record-model.factory';
import { escapeHtml, renderRecordHtml } from './record-html.renderer';

/** Every match of a pattern's first group. */
const all = (html: string, pattern: RegExp): string[] => [...html.matchAll(pattern)].map((m) => m[1] ?? '');

describe('renderRecordHtml', () => {
  const html = renderRecordHtml(buildRecordModel());

  it('is one self-contained English (UK) page: no scripts, no external resources, inline CSS only', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Strategy discussion record SD-TEST-001, version 1 (complete record)</title>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import|\son[a-z]+=/i);
  });

  it('is titled by its meeting type: a conference’s record is not a strategy discussion record', () => {
    const model = buildRecordModel();
    const header = { ...model.header, reference: 'ICPC-TEST-001', typeLabel: 'Initial child protection conference' };
    const conference = renderRecordHtml({ ...model, header });
    expect(conference).toContain(
      '<title>Initial child protection conference record ICPC-TEST-001, version 1 (complete record)</title>',
    );
    expect(conference).toContain('<h1>Initial child protection conference record ICPC-TEST-001</h1>');
    expect(conference).not.toContain('Strategy discussion record');
  });

  it('has one h1 and headings that never skip a level', () => {
    const levels = all(html, /<h([1-6])[ >]/g).map(Number);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.reduce((previous, level) => {
      expect(level).toBeLessThanOrEqual(previous + 1);
      return level;
    });
  });

  it('gives every table a caption, column headers with scope and row headers', () => {
    const tables = all(html, /<table>([\s\S]*?)<\/table>/g);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      expect(table).toMatch(/^<caption>[^<]+<\/caption><thead><tr>(<th scope="col">[^<]*<\/th>)+<\/tr><\/thead>/);
      expect(table).not.toMatch(/<th(?=[ >])(?! scope="(col|row)")/);
      for (const row of all(table, /<tbody>([\s\S]*)<\/tbody>/g).flatMap((b) => all(b, /<tr>([\s\S]*?)<\/tr>/g))) {
        expect(row.startsWith('<th scope="row">')).toBe(true);
      }
    }
  });

  it('shows the decision, every agency view with its reasons, dissent, actions with owners and due dates', () => {
    for (const text of [
      'Section 47 threshold decision',
      '<th scope="row">Police</th><td>Yes</td><td>Section 47 enquiry: joint with police</td><td>Disclosure consistent with the injury.',
      '<th scope="row">Health</th><td>Unsure</td><td>No further action</td><td>No health concerns recorded before.',
      'Joint enquiry: the disclosure and the injury agree.',
      'a'.repeat(64),
      'Dissent: Health',
      '<strong>Dissents from:</strong> The option or options chosen.',
      'Managers Jo Manager and Al Boss met.',
      'Agreed to proceed with the joint enquiry.',
      '<th scope="row">Arrange a child protection medical</th><td>Hana Health, Named Nurse (Health)</td><td>Health</td><td>3 March 2026 at 5pm</td>',
      'Signed off by Sam Chair, Team Manager (Children&#39;s social care) on 2 March 2026 at 2pm.',
      'Addendum by Hana Health, Named Nurse (Health), signed off by Sam Chair',
      'The GP confirmed an earlier injury.',
      '<th scope="row">Health</th><td>4</td>',
      '<h3 id="s-whole">Addenda to the record as a whole</h3>',
      'The record was circulated to the school on 4 March.',
      '<h4>Not reached</h4>',
      'Waiting for the hospital discharge summary.',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('marks restricted entries in the full record with a text badge, never by colour alone', () => {
    expect(html).toContain(
      '<span class="restricted"><strong class="badge">[POLICE RESTRICTED]</strong> The suspect has a firearms licence.</span>',
    );
    expect(html).toContain('<strong class="badge">[NOT FOR FAMILY]</strong> Grandmother in Leeds is worried');
    expect(html).toContain('Interview the suspect under caution <strong class="badge">[NOT FOR FAMILY]</strong>');
  });

  it('escapes everything typed into the record', () => {
    const model = buildRecordModel();
    model.sections[0]!.blocks[0]!.runs = [{ text: '<script>alert("x")</script> & more', restriction: null }];
    const page = renderRecordHtml(model);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(page).not.toContain('<script>');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });

  it('renders the family version without restricted text or names, saying what it leaves out', () => {
    const family = renderRecordHtml(
      toFamilyVersion(buildRecordModel(), [
        { type: 'section', id: 'reason' },
        { type: 'view', id: IDS.policeView },
      ]),
    );
    expect(family).toContain('<h2 id="omissions">This is the family version</h2>');
    expect(family).toContain('version 1 (family version)');
    for (const text of [
      'firearms',
      'Grandmother',
      'covert source',
      'under caution',
      'Mr Witness',
      'Mrs Referrer',
      'suspect in another enquiry',
      'Protected identities',
    ]) {
      expect(family).not.toContain(text);
    }
    for (const { name } of Object.values(PEOPLE)) expect(family).not.toContain(name);
    expect(family).toContain('Police (participant)');
    expect(family).toContain('Disclosure consistent with the injury.');
  });

  it('shows restricted compartments with who may read them, protected persons and sharing decisions', () => {
    expect(html).toContain(
      '<h4>Restricted: Police only (controlled by Police, recorded by Priya Police, Detective Constable, Testshire Police (Police))</h4>',
    );
    expect(html).toContain('The stepfather is a suspect in another enquiry.');
    expect(html).toContain(
      '<th scope="row">the referrer</th><td>referrer</td><td>Mrs Protected Caller</td><td>Police only</td>',
    );
    expect(html).toContain('<th scope="row">Refused</th><td>The covert source’s identity</td><td>Education</td>');
  });

  it('renders the same model to the same bytes', () => {
    expect(renderRecordHtml(buildRecordModel())).toBe(html);
  });
});
