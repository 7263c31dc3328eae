// ESLint flat config: type-aware TypeScript for the server, libs, bridge, tests and benches, and
// eslint-plugin-vue + the TS parser for the console's SFCs. Rules here forbid real bugs
// (floating promises, non-exhaustive switches, committed `.only`, forwardRef cycles, stray
// process.env reads); pure formatting is left alone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// apps/console has its own tsconfig (Vite + vue-tsc). Until it exists, its files are linted
// without type information instead of failing with "file not found by the project service".
const consoleTypeAware = existsSync(join(root, 'apps/console/tsconfig.json'));

const TS_FILES = [
  'apps/**/*.ts',
  'libs/**/*.ts',
  'firmware-bridge/**/*.ts',
  'test/**/*.{ts,mts}',
  'bench/**/*.{ts,mts}',
];
const VUE_FILES = ['apps/console/**/*.vue'];
const CONSOLE_FILES = ['apps/console/**/*.ts', ...VUE_FILES];
const TEST_FILES = ['**/*.spec.ts', '**/*.test.ts', 'test/**', 'apps/*/test/**', 'bench/**'];

// The only places allowed to read process.env (CONVENTIONS.md: config is validated once at boot
// into a typed object that is injected; nothing else reads process.env).
const ENV_ALLOWED_FILES = [
  'apps/dispatch-core/src/platform/config/**',
  'apps/simulator/src/config.ts',
  'firmware-bridge/src/config*.ts',
  'test/**',
  'bench/**',
  '**/*.spec.ts',
  'apps/*/test/**',
  '**/vite.config.*',
  '**/vitest.config.*',
];

const TEST_RUNNERS = ['describe', 'it', 'test', 'suite', 'bench'];
const noOnly = TEST_RUNNERS.map((object) => ({
  object,
  property: 'only',
  message: '`.only` silently skips the rest of the suite in CI; remove it before committing.',
}));
const noProcessEnv = {
  object: 'process',
  property: 'env',
  message:
    'Read settings through the validated config (apps/*/src/**/config); only config files, tests and benches read process.env.',
};
// Rule options replace each other between config objects, so both lists are built here once.
const restrictedPropertiesWithEnv = ['error', ...noOnly, noProcessEnv];
const restrictedPropertiesNoEnv = ['error', ...noOnly];

const noForwardRefMessage =
  'forwardRef hides a module/provider cycle; break the cycle with events or a smaller service (CONVENTIONS.md).';
const envImportMessage = 'Read settings through the validated config, not process.env.';
const restrictedImportsWithEnv = [
  'error',
  {
    paths: [
      { name: '@nestjs/common', importNames: ['forwardRef'], message: noForwardRefMessage },
      { name: 'node:process', importNames: ['env'], message: envImportMessage },
      { name: 'process', importNames: ['env'], message: envImportMessage },
    ],
  },
];
const restrictedImportsNoEnv = [
  'error',
  { paths: [{ name: '@nestjs/common', importNames: ['forwardRef'], message: noForwardRefMessage }] },
];

const restrictedSyntax = [
  'error',
  { selector: "CallExpression[callee.name='forwardRef']", message: noForwardRefMessage },
  { selector: "MemberExpression[property.name='forwardRef']", message: noForwardRefMessage },
  {
    // it.concurrent.only(...), describe.skip.only(...) and friends
    selector: `MemberExpression[property.name='only'][object.type='MemberExpression'][object.object.name=/^(${TEST_RUNNERS.join('|')})$/]`,
    message: '`.only` silently skips the rest of the suite in CI; remove it before committing.',
  },
  {
    // ARCHITECTURE.md: schema only through migrations, never synchronize.
    selector: "Property[key.name='synchronize'][value.value=true]",
    message: 'Schema changes go through migrations only; never `synchronize: true`.',
  },
];

// Core ESLint rules that catch real bugs and that TypeScript does not already catch.
const coreBugRules = {
  'no-async-promise-executor': 'error',
  'no-compare-neg-zero': 'error',
  'no-cond-assign': 'error',
  'no-constant-binary-expression': 'error',
  'no-constant-condition': ['error', { checkLoops: 'allExceptWhileTrue' }],
  'no-debugger': 'error',
  'no-dupe-else-if': 'error',
  'no-duplicate-case': 'error',
  'no-empty-pattern': 'error',
  'no-loss-of-precision': 'error',
  'no-self-assign': 'error',
  'no-self-compare': 'error',
  'no-sparse-arrays': 'error',
  'no-unsafe-finally': 'error',
  'no-unsafe-optional-chaining': 'error',
  'no-unreachable-loop': 'error',
  'no-useless-backreference': 'error',
  'require-yield': 'error',
  'use-isnan': 'error',
  eqeqeq: ['error', 'smart'],
};

const unusedVarsOptions = {
  args: 'after-used',
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
  ignoreRestSiblings: true,
};

const onlyFiles = (files) => (config) => ({ ...config, files });

export default defineConfig(
  {
    name: 'feijiu/ignores',
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/console/dist/**',
      '.data/**',
      '**/.data/**',
      'coverage/**',
      'test-results/**',
      'bench/out/**',
      '.screens/**',
      '**/*.d.ts',
    ],
  },

  // Plain JS (bench scripts, the cruiser config, this file): bug rules only, no type info.
  {
    name: 'feijiu/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023 },
    rules: {
      ...coreBugRules,
      'no-unused-vars': ['error', unusedVarsOptions],
      'no-restricted-properties': restrictedPropertiesNoEnv,
    },
  },

  // Tool configs in TS outside any tsconfig (vitest.config.mts, apps/console/vite.config.mts):
  // parsed as TS, bug rules only. Files under TS_FILES get the type-aware block below instead.
  {
    name: 'feijiu/typescript-configs',
    files: ['**/*.{mts,cts}'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      ...coreBugRules,
      '@typescript-eslint/no-unused-vars': ['error', unusedVarsOptions],
      'no-restricted-properties': restrictedPropertiesNoEnv,
    },
  },

  // TypeScript (and the <script lang="ts"> of SFCs), type-aware.
  ...tseslint.configs.recommendedTypeChecked.map(onlyFiles([...TS_FILES, ...VUE_FILES])),
  {
    name: 'feijiu/typescript',
    files: [...TS_FILES, ...VUE_FILES],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
        extraFileExtensions: ['.vue'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...coreBugRules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { allowDefaultCaseForExhaustiveSwitch: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', unusedVarsOptions],
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/consistent-type-imports': 'off',
      // Noise rather than bugs: Nest lifecycle hooks and interface implementations are async
      // without awaiting; template literals with numbers/booleans are fine.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowRegExp: true },
      ],
      // `switch (status: number) { case HttpStatus.NOT_FOUND: … }` is how Nest code reads; the
      // enum-vs-number comparison is not a bug there.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // an assertion that changes nothing is untidy, not a bug
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-restricted-properties': restrictedPropertiesWithEnv,
      'no-restricted-imports': restrictedImportsWithEnv,
      'no-restricted-syntax': restrictedSyntax,
    },
  },

  // Config readers, tests and benches may read process.env (still no `.only`, no forwardRef).
  {
    name: 'feijiu/env-allowed',
    files: ENV_ALLOWED_FILES,
    rules: {
      'no-restricted-properties': restrictedPropertiesNoEnv,
      'no-restricted-imports': restrictedImportsNoEnv,
    },
  },

  // Tests: mocks and spies are often `any`-typed and passed around unbound.
  {
    name: 'feijiu/tests',
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // Console: Vue 3 SFCs. vue-eslint-parser reads the SFC, the TS parser its <script lang="ts">.
  ...pluginVue.configs['flat/recommended'].map((config) =>
    config.files ? { ...config, files: VUE_FILES } : { ...config, files: CONSOLE_FILES },
  ),
  {
    name: 'feijiu/console-vue',
    files: VUE_FILES,
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        sourceType: 'module',
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      // Layout is a formatter's job, not a linter's.
      ...pluginVue.configs['no-layout-rules'].rules,
      'vue/multi-word-component-names': 'off',
      'vue/require-default-prop': 'off',
      // the same bug rules in template expressions
      'vue/eqeqeq': ['error', 'smart'],
      'vue/no-unused-refs': 'error',
      'vue/no-useless-template-attributes': 'error',
    },
  },
  consoleTypeAware
    ? []
    : {
        ...tseslint.configs.disableTypeChecked,
        name: 'feijiu/console-without-tsconfig',
        files: CONSOLE_FILES,
        languageOptions: { parserOptions: { projectService: false, program: null, project: false } },
      },
);
