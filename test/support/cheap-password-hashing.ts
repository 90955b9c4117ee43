/**
 * Test runs hash passwords at a low scrypt cost (2^10 instead of 2^15): the
 * suites create and sign in thousands of accounts, each hash about 60 ms of
 * CPU at the real cost. The hasher honours this only with NODE_ENV=test (a
 * deployment that sets it does not start), and its unit test checks the real
 * cost. Server processes started by e2e tests inherit it. (The name is the
 * hasher's TEST_COST_VARIABLE, written out: importing the hasher here would
 * fix its cost before this line runs.)
 */
process.env.PASSWORD_HASH_COST_LOG2_FOR_TESTS ??= '10';
