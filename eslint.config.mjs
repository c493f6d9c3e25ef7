// ESLint: type-aware rules plus the import boundaries of docs/architecture (design/README "The house").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_LIBRARIES = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'express',
  'multer',
  'better-sqlite3',
  'mongodb',
  'minio',
  '@elastic/elasticsearch',
  'sharp',
  'tesseract.js',
  'pdf-lib',
  'pino',
  '@node-rs/jieba',
];
const noImports = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'dist/**',
      'viewer/dist/**',
      'test-output/**',
      'coverage/**',
      '*.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // The hexagon: server/core imports no I/O library and nothing outside server/core (relative paths that
  // climb out of it are refused at each depth).
  ...[
    ['server/core/*.ts', '../*'],
    ['server/core/*/*.ts', '../../*'],
    ['server/core/*/*/*.ts', '../../../*'],
  ].map(([files, escape]) => ({
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: noImports(
      IO_LIBRARIES,
      [escape],
      'server/core is the hexagon: it imports no I/O library and nothing outside server/core.',
    ),
  })),
  {
    files: ['server/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: noImports(
      ['better-sqlite3', 'mongodb', 'minio', '@elastic/elasticsearch', 'sharp', 'tesseract.js', 'pdf-lib'],
      ['**/adapters/**', '**/main/**', '**/scripts/**'],
      'server/http talks to the core through its use cases and ports, never to adapters or storage drivers.',
    ),
  },
  {
    files: ['server/adapters/**/*.ts', 'search/**/*.ts', 'ingest/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: noImports(
      [],
      ['**/http/**', '**/main/**', '**/scripts/**'],
      'Adapters implement core ports; they never reach into http, main or scripts.',
    ),
  },
  {
    files: ['search/*.ts', 'ingest/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: noImports(
      [
        'better-sqlite3',
        'mongodb',
        'minio',
        '@elastic/elasticsearch',
        'sharp',
        'tesseract.js',
        'pdf-lib',
        'fs',
        'node:fs',
        'express',
      ],
      ['**/http/**', '**/main/**', '**/scripts/**', '**/server/adapters/**'],
      'The pure parts of search/ and ingest/ keep technology in their adapters/ folder.',
    ),
  },
  {
    files: ['viewer/**/*.ts', 'viewer/**/*.tsx'],
    rules: noImports(
      ['express', 'better-sqlite3', 'sharp', 'pdf-lib', 'fs', 'node:fs'],
      ['**/server/**', '**/ingest/**', '**/search/**', '**/test/**', '**/scripts/**', '**/storage-config/**'],
      'The viewer talks to the archive over HTTP only (/api); it imports nothing from the server side.',
    ),
  },
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', '**/*.test.ts', 'server/main/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
