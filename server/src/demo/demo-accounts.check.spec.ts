import { demoAccountProblems } from './demo-accounts.check';

describe('the production check for demo accounts', () => {
  it('names enabled demo accounts found in the database', () => {
    expect(demoAccountProblems([])).toEqual([]);
    expect(demoAccountProblems(['admin@example.org'])[0]).toContain('admin@example.org');
  });
});
