/**
 * The conference tabs' panels, in one chunk loaded only when a conference or
 * core group room opens: a strategy discussion's room never downloads them.
 */
export { ConferencePlansPanel } from './ConferencePlansPanel';
export { OutcomesPanel } from './OutcomesPanel';
export { PartsPanel } from './PartsPanel';
export { ReportsPanel } from './ReportsPanel';
