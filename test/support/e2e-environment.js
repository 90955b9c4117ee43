/**
 * Jest's Node environment, and one thing more for the browser suites: it
 * tells a test's `afterEach` hooks whether the test failed
 * (`globalThis.__roundtableTestFailed`), so they can print what each page
 * showed at that moment (test/support/browser-suite.ts). A browser test that
 * fails once in many CI runs leaves nothing else behind to read.
 */
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
  /** jest-circus calls this for every event; afterEach hooks run after `test_fn_failure`. */
  handleTestEvent(event) {
    if (event.name === 'test_start') this.global.__roundtableTestFailed = false;
    else if (event.name === 'test_fn_failure') this.global.__roundtableTestFailed = true;
  }
}

module.exports = E2eEnvironment;
