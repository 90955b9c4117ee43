/**
 * The demo area's public surface: what other areas may import (lint allows nothing else).
 */
export { demoAccountProblems, findEnabledDemoAccounts } from './demo-accounts.check';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data';
export { DemoModule } from './demo.module';
