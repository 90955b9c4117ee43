import { FINAL_ON_CONCLUSION } from './final-on-conclusion';

describe('FINAL_ON_CONCLUSION', () => {
  it('refuses decision changes but leaves escalation and the action log open', () => {
    expect(FINAL_ON_CONCLUSION.has('la-decision:record')).toBe(true);
    expect(FINAL_ON_CONCLUSION.has('view:record')).toBe(true);
    expect(FINAL_ON_CONCLUSION.has('escalation:add-step')).toBe(false);
    expect(FINAL_ON_CONCLUSION.has('action:create')).toBe(false);
  });
});
