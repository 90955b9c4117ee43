/** One child in the create form, as typed (the date of birth as three GOV.UK date parts). */
export interface ChildDraft {
  /** Stable React key; ids and error paths use the child's position instead. */
  key: number;
  name: string;
  day: string;
  month: string;
  year: string;
}

let nextKey = 1;

export function emptyChild(): ChildDraft {
  return { key: nextKey++, name: '', day: '', month: '', year: '' };
}

/** Input ids for a child's fields; error summary links use them. */
export const childFieldId = {
  name: (index: number) => `children-${index}-name`,
  dobDay: (index: number) => `children-${index}-dob-day`,
  dobMonth: (index: number) => `children-${index}-dob-month`,
  dobYear: (index: number) => `children-${index}-dob-year`,
};
