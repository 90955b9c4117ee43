import { describe, expect, it } from 'vitest';
import { buildChild, buildDecision, buildPerson } from '../../test/factories';
import { childNames, decisionName, optionLabel, personText, protectiveActionLabel } from './decisionText';

describe('decision text', () => {
  const decision = buildDecision();

  it("shows an option's label, or its key when the decision has no such option", () => {
    expect(optionLabel(decision, 's47-joint')).toBe('Section 47 enquiry: joint with police');
    expect(optionLabel(decision, 'retired-option')).toBe('retired-option');
  });

  it("shows a protective action's label", () => {
    expect(protectiveActionLabel(decision, 'urgent-medical')).toBe('Urgent child protection medical');
    expect(protectiveActionLabel(decision, 'unknown')).toBe('unknown');
  });

  it('joins children’s names as a sentence', () => {
    const ruby = buildChild({ name: 'Ruby' });
    const alfie = buildChild({ name: 'Alfie' });
    const sam = buildChild({ name: 'Sam' });
    const children = [ruby, alfie, sam];
    expect(childNames(children, [ruby.id])).toBe('Ruby');
    expect(childNames(children, [ruby.id, alfie.id])).toBe('Ruby and Alfie');
    expect(childNames(children, [ruby.id, alfie.id, sam.id])).toBe('Ruby, Alfie and Sam');
  });

  it('still reads when a child was removed from the meeting, or there is none', () => {
    expect(childNames([], [buildChild().id])).toBe('A child no longer listed');
    expect(childNames([], [])).toBe('No child');
  });

  it('names a person with their agency', () => {
    expect(personText(buildPerson({ displayName: 'Pat Police', agency: 'police' }))).toBe('Pat Police (Police)');
  });

  it('names a decision by its title and children', () => {
    const ruby = buildChild({ name: 'Ruby Testcase' });
    expect(decisionName(buildDecision({ childIds: [ruby.id] }), [ruby])).toBe(
      'Section 47 threshold decision – Ruby Testcase',
    );
  });
});
