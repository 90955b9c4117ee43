// Type-aware lint rules from the house style, and the server's area boundaries. Formatting is Prettier's job.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The server's areas, lowest first (docs/ARCHITECTURE.md). An area imports
 * only itself and the areas before it; the entry points (cli, demo) and the
 * composition root (server/src/*.ts) sit above all five. A wrong-way import,
 * and so any cycle between areas, fails `npm run lint`.
 */
const AREAS = ['platform', 'audit', 'identity', 'meeting', 'realtime'];
/** Another area is reached through its public surface, its index.ts, never its internals. */
const publicSurfaceOf = (areas) => ({ to: { element: { types: { anyOf: areas }, fileInternalPath: 'index.ts' } } });
const areaPolicies = AREAS.flatMap((area, i) => [
  { from: { element: { type: area } }, allow: { to: { element: { type: area } } } },
  ...(i > 0 ? [{ from: { element: { type: area } }, allow: publicSurfaceOf(AREAS.slice(0, i)) }] : []),
]);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['shared/src/*.spec.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests may reach across areas: they drive the whole app through its harness.
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: 'server/tsconfig.json' } },
      'boundaries/elements': [
        ...AREAS.map((area) => ({ type: area, pattern: `server/src/${area}` })),
        { type: 'entry-point', pattern: 'server/src/{cli,demo}' },
        // The contracts package (@roundtable/shared), which every area may use.
        { type: 'contracts', pattern: 'shared' },
      ],
      'boundaries/files': [{ category: 'composition-root', pattern: 'server/src/*.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { allow: { to: { element: { type: 'contracts' } } } },
            ...areaPolicies,
            { from: { element: { type: 'entry-point' } }, allow: publicSurfaceOf([...AREAS, 'entry-point']) },
            { from: { element: { type: 'entry-point' } }, allow: { to: { element: { type: 'entry-point' } } } },
            { from: { element: { type: 'entry-point' } }, allow: { to: { file: { categories: 'composition-root' } } } },
            { from: { file: { categories: 'composition-root' } }, allow: publicSurfaceOf([...AREAS, 'entry-point']) },
            {
              from: { file: { categories: 'composition-root' } },
              allow: { to: { file: { categories: 'composition-root' } } },
            },
          ],
        },
      ],
      'boundaries/no-unknown-files': 'error',
      'boundaries/no-unknown-dependencies': 'error',
    },
  },
  {
    // Services hold the rules, controllers and gateways the transport: data access lives in repositories.
    files: ['server/src/**/*.service.ts', 'server/src/**/*.controller.ts', 'server/src/**/*.gateway.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|getRepository)$/]',
          message: 'SQL and TypeORM calls belong in a repository (<feature>.repository.ts); call one from here.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(find|findOne|findOneBy|findOneByOrFail|findBy|findAndCount|insert|update|delete|save|remove|count|countBy|exists|existsBy|upsert|increment|decrement)$/][arguments.0.name=/Entity$/]',
          message: 'Entity reads and writes belong in a repository (<feature>.repository.ts); call one from here.',
        },
        {
          selector: "TSTypeReference[typeName.name='Repository']",
          message: 'Inject a repository class of this feature, not a TypeORM Repository.',
        },
      ],
    },
  },
  {
    // The client reaches the HTTP API through one typed module (client/src/api), never fetch in a component.
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: ['client/src/api/http.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call the API through client/src/api (api.meetings.get(…)), not fetch.' },
      ],
    },
  },
  {
    // One UK date and time formatter (shared/src/dates.ts: Europe/London, hourCycle 'h12', GOV.UK style) for the
    // screens and the sealed record; `hour12: true` with en-GB once printed noon as "0:00pm". The working-day
    // clocks read calendar parts of an instant to compute with, not to show.
    files: ['client/src/**/*.{ts,tsx}', 'server/src/**/*.ts', 'shared/src/**/*.ts'],
    ignores: [
      'shared/src/dates.ts',
      'server/src/meeting/clocks/working-days.ts',
      'server/src/platform/config/clock-rules-file.ts',
      '**/*.spec.ts',
      '**/*.test.{ts,tsx}',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['DateTimeFormat', 'RelativeTimeFormat'].map((property) => ({
          object: 'Intl',
          property,
          message: 'Show dates and times with @roundtable/shared/dates (the one UK formatter), not Intl directly.',
        })),
        ...['toLocaleDateString', 'toLocaleTimeString'].map((property) => ({
          property,
          message: 'Show dates and times with @roundtable/shared/dates (the one UK formatter).',
        })),
      ],
    },
  },
  { files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'server/test/**'], rules: { 'no-console': 'off' } },
);
