// One lint config for the monorepo, type-aware, encoding the project's invariants (see ../shared/style.md §18).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// SQL-shaped text (a keyword followed by what makes it a statement), so that prose such as "create the warehouse" passes.
const SQL_TEXT =
  '/^\\s*(select\\s[^]*\\sfrom\\s|insert\\s+into\\s|update\\s+\\S+\\s+set\\s|delete\\s+from\\s|(create|drop)\\s+(temp\\s+|temporary\\s+)?(table|index|schema|view)\\s|alter\\s+table\\s|copy\\s+\\S+\\s|attach\\s)/i';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./packages/*/tsconfig.json', './tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-console': 'error',
    },
  },
  {
    // Patient data never reaches a console: only the command line and benchmarks print, through their own streams.
    files: ['packages/cli/src/**/*.ts', '**/test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // SQL is built only through the store's syntax tree: SQL text anywhere else is a lint error.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/store/src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL_TEXT}]`, message: 'SQL text outside @parcours/store: build it with the syntax tree or the sql`` template.' },
        { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: 'SQL text outside @parcours/store: build it with the syntax tree or the sql`` template.' },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly', Buffer: 'readonly', URL: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setTimeout: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
