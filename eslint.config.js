import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import boundaries (one `no-restricted-imports` per file: ESLint replaces, not
// merges, a rule set by two blocks, so each zone lists everything it forbids).
const ELECTRON = { name: 'electron', message: "Only src/main/electron, src/main/index.ts and src/preload may import 'electron': keep logic in plain, Node-tested modules." };
const zone = (patterns, paths = [ELECTRON]) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const outside = (dir, why) => ({ group: [`**/${dir}`, `**/${dir}/**`, `../**/${dir}`, `../**/${dir}/**`], message: why });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['warn', { allow: ['warn', 'error'] }],
    },
  },
  // Everything: no 'electron' outside its edge.
  { files: ['**/*.{ts,tsx}'], rules: zone([]) },
  { files: ['src/main/electron/**', 'src/main/index.ts', 'src/preload/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['src/renderer/**'],
    rules: zone([
      outside('main', 'The renderer imports only src/shared: main is reached through window.beacon.'),
      outside('web', 'The renderer imports only src/shared.'),
      outside('relay', 'The renderer imports only src/shared.'),
      outside('preload', 'The renderer imports only src/shared.'),
      { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
    ]),
  },
  { files: ['src/shared/**'], rules: zone([outside('main', 'src/shared is imported by every process: it imports none of them.'), outside('relay', 'src/shared imports no process.'), outside('web', 'src/shared imports no process.')]) },
  { files: ['src/relay/**'], rules: zone([outside('main', 'The relay is a separate server: it shares only src/shared with the client.'), outside('web', 'The relay does not import the web preview.')]) },
  { files: ['bench/**'], rules: zone([outside('test', 'Benchmarks do not import test code: move what both need to src/ or bench/support.')]) },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['scripts/**', 'src/relay/cli.ts', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
