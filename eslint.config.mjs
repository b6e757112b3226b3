// Lint keeps the layers of docs/architecture honest (see docs/CONVENTIONS.md):
//   core     imports no face (commands, views, history, platform, cli), no vendor, and `vscode` only
//            as `import type` (it runs under plain Node and in the CLI);
//   vendors  import only core (and npm/node packages);
//   views    do not import commands;  platform does not import views or history;
// and no test is left focused with `.only`. The layer rule resolves relative imports to the folder
// they land in, so `../vendors` from src/core and `../../vendors/x` from src/core/journal are one case.
import path from 'node:path';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const FACES = ['src/commands', 'src/views', 'src/history', 'src/platform', 'src/cli', 'src/cli.ts', 'src/extension.ts', 'src/services.ts'];

function landsIn(target, folder) {
  return target === folder || target.startsWith(`${folder}/`) || target === `${folder}.ts`;
}

/** @type {import('eslint').Rule.RuleModule} */
const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports that cross a layer the wrong way (see eslint.config.mjs)' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          forbid: { type: 'array', items: { type: 'string' } },
          allowOnly: { type: 'array', items: { type: 'string' } },
          vscode: { enum: ['type-only', 'allowed'] },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { layer, forbid = [], allowOnly, vscode = 'allowed' } = context.options[0] ?? {};
    const root = context.cwd;
    const here = path.dirname(context.filename);

    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec === 'vscode') {
        if (vscode === 'type-only' && !typeOnly) context.report({ node, message: `${layer} may import 'vscode' only with \`import type\` (it runs outside VS Code).` });
        return;
      }
      if (!spec.startsWith('.')) return;
      const target = path.relative(root, path.resolve(here, spec)).split(path.sep).join('/');
      const wrong = forbid.find((folder) => landsIn(target, folder));
      if (wrong) {
        context.report({ node, message: `${layer} must not import ${wrong} ('${spec}').` });
        return;
      }
      if (allowOnly && !allowOnly.some((folder) => landsIn(target, folder))) {
        context.report({ node, message: `${layer} may import only ${allowOnly.join(', ')} ('${spec}' is ${target}).` });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      TSImportType: (node) => check(node, node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument, true),
      TSExternalModuleReference: (node) => check(node, node.expression, node.parent.importKind === 'type'),
      'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0], false),
    };
  },
};

const layers = { plugins: { layers: { rules: { imports: layerImports } } } };

const FOCUSED_TEST = {
  selector: [
    "CallExpression > MemberExpression.callee[object.name=/^(describe|context|suite|it|specify|test)$/][property.name='only']",
    "CallExpression > MemberExpression.callee[object.name=/^(describe|context|suite|it|specify|test)$/][property.value='only']",
  ].join(', '),
  message: 'A focused test (.only) skips every other test: remove it before committing.',
};

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', '.sandbox/**', 'test-results/**', 'sandbox/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    ...layers,
    files: ['src/core/**/*.ts'],
    rules: { 'layers/imports': ['error', { layer: 'src/core', forbid: [...FACES, 'src/vendors'], vscode: 'type-only' }] },
  },
  {
    ...layers,
    files: ['src/vendors/**/*.ts'],
    rules: { 'layers/imports': ['error', { layer: 'src/vendors', allowOnly: ['src/core', 'src/vendors'], vscode: 'type-only' }] },
  },
  {
    ...layers,
    files: ['src/views/**/*.ts'],
    rules: { 'layers/imports': ['error', { layer: 'src/views', forbid: ['src/commands'] }] },
  },
  {
    ...layers,
    files: ['src/platform/**/*.ts'],
    rules: { 'layers/imports': ['error', { layer: 'src/platform', forbid: ['src/views', 'src/history'] }] },
  },
  {
    files: ['test/**/*.{ts,mjs,js,cjs}', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', FOCUSED_TEST] },
  },
);
