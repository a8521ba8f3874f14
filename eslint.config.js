import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/artifacts/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // One clock (shared/clock.ts): "now" and "today" come from the handler context's now(), the clock
    // (electron/services/clock.ts) or, in the page, the app's system.today; never from the machine's
    // clock directly, so RAMKOLL_TODAY pins every part of a run. Measuring a duration is fine: say so
    // in an eslint-disable comment where it is done.
    files: ['renderer/**/*.{ts,tsx}', 'electron/services/**/*.ts', 'electron/api/**/*.ts', 'electron/cli/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the clock: ctx.now() in handlers, clockNow() in services, useToday() in the renderer.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the clock: ctx.now() in handlers, clockNow() in services, useToday() in the renderer.' },
      ],
    },
  },
  {
    // shared/ is pure TypeScript for both sides: no Node, no DOM globals.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'window', 'document', 'navigator', 'localStorage'] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
