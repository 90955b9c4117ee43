/**
 * The demo area's public surface: what other areas may import (lint allows nothing else).
 */
export { demoAccountProblems, findEnabledDemoAccounts } from './demo-accounts.check';
export { DemoModule } from './demo.module';
