// Which folder may import which: an allowlist, checked on every import of every source file.
// Imports are read with the TypeScript parser (static, dynamic `import()`, `require()`,
// re-exports, `import('…')` types), relative paths are resolved to the repository's folders,
// bare names are packages, `node:x` and Node's bare built-in names are built-ins.
//
// | layer              | its files                       | may import (besides itself)                     | Node | packages                                   |
// |--------------------|---------------------------------|-------------------------------------------------|------|--------------------------------------------|
// | shared/ipc/schemas | shared/ipc/schemas.ts           | shared                                          | no   | zod                                        |
// | shared             | shared/**                       | shared/ipc/schemas                              | no   | zod, @bufbuild/protobuf, yaml (suites)     |
// | electron/main      | electron/main/**                | electron/<domain>, shared                       | yes  | electron, any but the renderer's           |
// | electron/preload   | electron/preload/**             | shared                                          | no   | electron                                   |
// | electron/core      | electron/core/**                | electron/<domain>, shared, shared/ipc/schemas,  | yes  | any but electron and the renderer's        |
// |                    |                                 | sandbox (the embedded default sandbox)          |      |                                            |
// | electron/<domain>  | electron/<any other folder>/**  | electron/<domain>, shared, shared/ipc/schemas   | yes  | any but electron and the renderer's        |
// | renderer           | renderer/src/**                 | shared                                          | no   | react, react-dom, zustand, shaka-player,   |
// |                    |                                 |                                                 |      | @bufbuild/protobuf                         |
// | sandbox            | sandbox/**                      | shared                                          | yes  | any but electron and the renderer's        |
// | cli                | cli/**                          | electron/<domain>, sandbox, shared              | yes  | any but electron and the renderer's        |
// | bench              | bench/**                        | electron/<domain>, sandbox, shared              | yes  | any but electron and the renderer's        |
// | scripts            | scripts/**                      | sandbox, shared                                 | yes  | any but electron and the renderer's        |
// | bin                | bin/**                          | cli, bench, scripts (the desktop launcher)      | yes  | any but electron and the renderer's        |
// | build config       | *.config.*, renderer/*.config.* | shared (pure data: the CSP)                     | yes  | any                                        |
//
// electron/<domain> is any folder of electron/ but main and preload (core, vault, history,
// token-client, storage, web-host, …): a domain never imports electron/main or electron/preload,
// and the domains import one another without a cycle. Nothing imports test/ (tests may import
// anything and are not checked here). A file in no layer, or an import of a file in none, fails:
// a new top-level folder gets its row here first. (DOM globals in shared/ fail the Node
// type-check: tsconfig.node.json has no DOM library.)
//
// What ships to a page is checked through: the renderer and the preload are bundled, so what
// their files load at run time, followed through every import that is not type-only, must obey
// their own row too. That is how "the renderer ships no zod" holds although
// shared/ipc/contract.ts, which the renderer imports, refers to zod's and the schemas' types.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

/** Where a layer's rule says "any package but these", these are the ones it cannot have. */
const RENDERER_PACKAGES = ['react', 'react-dom', 'zustand', 'shaka-player'];
const NODE_SIDE: PackageRule = { anyBut: [...RENDERER_PACKAGES, 'electron'] };

type PackageRule = { only: string[] } | { anyBut: string[] };

interface LayerRule {
  /** The layer's name; `electron/<domain>` stands for each folder of electron/ it matches. */
  layer: string;
  files: RegExp;
  /** Layers its files may import, besides their own. `electron/<domain>` = any domain. */
  mayImport: string[];
  builtins: boolean;
  packages: PackageRule;
  /** Bundled for a page: what its files load at run time must obey this rule too. */
  checkWhatShips?: boolean;
  /** Said when the rule is broken. */
  why: string;
}

// First match wins.
const LAYERS: LayerRule[] = [
  {
    layer: 'shared/ipc/schemas',
    files: /^shared\/ipc\/schemas\.ts$/,
    mayImport: ['shared'],
    builtins: false,
    packages: { only: ['zod'] },
    why: 'request schemas run where requests arrive (the privileged side), never in a page',
  },
  {
    layer: 'shared',
    files: /^shared\//,
    mayImport: ['shared/ipc/schemas'],
    builtins: false,
    packages: { only: ['zod', '@bufbuild/protobuf', 'yaml'] },
    why: 'shared/ is pure TypeScript that runs anywhere: no Node, no DOM, no Electron, no React',
  },
  {
    layer: 'electron/main',
    files: /^electron\/main\//,
    mayImport: ['electron/<domain>', 'shared'],
    builtins: true,
    packages: { anyBut: RENDERER_PACKAGES },
    why: 'electron/main wires the domains into Electron; nothing imports it back',
  },
  {
    layer: 'electron/preload',
    files: /^electron\/preload\//,
    mayImport: ['shared'],
    builtins: false,
    packages: { only: ['electron'] },
    checkWhatShips: true,
    why: 'the preload is bundled into the sandboxed page, which can require only electron: it carries the contract and nothing privileged',
  },
  {
    layer: 'electron/core',
    files: /^electron\/core\//,
    mayImport: ['electron/<domain>', 'shared', 'shared/ipc/schemas', 'sandbox'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'electron/core composes the domains and starts the embedded sandbox; it is Electron-free privileged Node code',
  },
  {
    layer: 'electron/<domain>',
    files: /^electron\/[^/]+\//,
    mayImport: ['electron/<domain>', 'shared', 'shared/ipc/schemas'],
    builtins: true,
    packages: NODE_SIDE,
    why: "electron/<domain> is Electron-free privileged Node code: only electron/main and electron/preload import 'electron', and nothing imports them",
  },
  {
    layer: 'renderer',
    files: /^renderer\/src\//,
    mayImport: ['shared'],
    builtins: false,
    packages: { only: [...RENDERER_PACKAGES, '@bufbuild/protobuf'] },
    checkWhatShips: true,
    why: 'the renderer reaches the privileged side only through window.workbench: no Node, no Electron, no request schemas (zod)',
  },
  {
    layer: 'sandbox',
    files: /^sandbox\//,
    mayImport: ['shared'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'the sandbox stands alone (the CLI and the core start it): it shares only shared/ with the app',
  },
  {
    layer: 'cli',
    files: /^cli\//,
    mayImport: ['electron/<domain>', 'sandbox', 'shared'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'the CLI runs in plain Node: the domains, the sandbox and shared/, never electron/main or electron/preload',
  },
  {
    layer: 'bench',
    files: /^bench\//,
    mayImport: ['electron/<domain>', 'sandbox', 'shared'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'the benchmark measures the app from outside, in plain Node, and never depends on the tests',
  },
  {
    layer: 'scripts',
    files: /^scripts\//,
    mayImport: ['sandbox', 'shared'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'scripts run from plain Node: they make files for the sandbox, or launch and package the desktop app without importing it',
  },
  {
    layer: 'bin',
    files: /^bin\//,
    mayImport: ['cli', 'bench', 'scripts'],
    builtins: true,
    packages: NODE_SIDE,
    why: 'bin/ only starts the CLI, the benchmark or the desktop launcher',
  },
  {
    layer: 'build config',
    files: /^(renderer\/)?[^/]+\.config\.[cm]?[jt]s$/,
    mayImport: ['shared'],
    builtins: true,
    packages: { anyBut: [] },
    why: 'build configs name files by path; they take only pure data from shared (the CSP they write into index.html)',
  },
];

/** Folders (and root files) whose sources are checked. test/ is not: tests may import anything. */
const CHECKED = ['bin', 'cli', 'shared', 'electron', 'sandbox', 'renderer', 'scripts', 'bench'];
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

interface Import {
  specifier: string;
  /** Erased when compiled (`import type`, `import { type X }`, `typeof import('x')`). */
  typeOnly: boolean;
}

/** Every import of one file, from its syntax tree (comments and strings cannot fool it). */
function importsOf(path: string, text: string): Import[] {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(path) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  const out: Import[] = [];
  const literal = (node: ts.Node | undefined): string | null => (node && ts.isStringLiteralLike(node) ? node.text : null);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      const spec = literal(node.moduleSpecifier);
      if (spec !== null) out.push({ specifier: spec, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause;
      const allTypes =
        node.isTypeOnly || (!!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      const spec = literal(node.moduleSpecifier);
      if (spec !== null) out.push({ specifier: spec, typeOnly: allTypes });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const spec = literal(node.moduleReference.expression);
      if (spec !== null) out.push({ specifier: spec, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) {
        const spec = literal(node.arguments[0]);
        // A computed import cannot be checked: name it so the table can be kept honest.
        out.push({ specifier: spec ?? `<computed ${isImport ? 'import()' : 'require()'}>`, typeOnly: false });
      }
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      const spec = ts.isLiteralTypeNode(arg) ? literal(arg.literal) : null;
      if (spec !== null) out.push({ specifier: spec, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const BUILTINS = new Set(builtinModules);

type Target =
  | { kind: 'file'; path: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'package'; name: string }
  | { kind: 'bad'; reason: string };

function resolveImport(fromPath: string, specifier: string): Target {
  if (specifier.startsWith('<computed')) return { kind: 'bad', reason: 'a computed import, which this check cannot follow' };
  const bare = specifier.replace(/[?#].*$/, '');
  if (bare.startsWith('node:') || BUILTINS.has(bare.split('/')[0]!)) return { kind: 'builtin', name: bare };
  if (bare.startsWith('/')) return { kind: 'bad', reason: 'an absolute path' };
  if (bare.startsWith('.')) {
    const path = posix.normalize(posix.join(posix.dirname(fromPath), bare));
    if (path.startsWith('..')) return { kind: 'bad', reason: 'a path outside the repository' };
    return { kind: 'file', path };
  }
  const parts = bare.split('/');
  return { kind: 'package', name: bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

/** A file's layer: its rule, and the concrete name (electron/vault for electron/<domain>). */
function layerOf(path: string): { rule: LayerRule; name: string } | null {
  if (/^test\//.test(path)) return null;
  const rule = LAYERS.find((l) => l.files.test(path));
  if (!rule) return null;
  return { rule, name: rule.layer === 'electron/<domain>' ? path.split('/').slice(0, 2).join('/') : rule.layer };
}

const isDomain = (layer: string): boolean => /^electron\/[^/]+$/.test(layer) && layer !== 'electron/main' && layer !== 'electron/preload';

function mayImportLayer(rule: LayerRule, own: string, target: string): boolean {
  return target === own || rule.mayImport.some((entry) => entry === target || (entry === 'electron/<domain>' && isDomain(target)));
}

function packageAllowed(rule: LayerRule, name: string): boolean {
  return 'only' in rule.packages ? rule.packages.only.includes(name) : !rule.packages.anyBut.includes(name);
}

function describeRule(rule: LayerRule): string {
  const pkgs = 'only' in rule.packages ? `packages ${rule.packages.only.join(', ') || 'none'} only` : rule.packages.anyBut.length ? `any package but ${rule.packages.anyBut.join(', ')}` : 'any package';
  const layers = rule.mayImport.length ? rule.mayImport.join(', ') : 'no other layer';
  return `${rule.layer} may import ${layers}; ${rule.builtins ? 'Node built-ins' : 'no Node built-ins'}; ${pkgs} (${rule.why})`;
}

/** Why `importer` (of layer `own`) may not reach `target`, or null when it may. */
function breach(rule: LayerRule, own: string, target: Target): string | null {
  switch (target.kind) {
    case 'bad':
      return `it is ${target.reason}`;
    case 'builtin':
      return rule.builtins ? null : `${own} may not use Node built-ins`;
    case 'package':
      return packageAllowed(rule, target.name) ? null : `${own} may not use the package ${target.name}`;
    case 'file': {
      if (target.path.startsWith('test/')) return `${own} may not import test/ (tests import the app, never the other way)`;
      const to = layerOf(target.path);
      if (!to) return `${target.path} is in no layer of the table`;
      return mayImportLayer(rule, own, to.name) ? null : `${own} may not import ${to.name}`;
    }
  }
}

/**
 * Every layering violation among `sources` (repository-relative path → text), as lines naming
 * the file, the import and the rule broken. Empty when all is well.
 */
function checkLayering(sources: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const imports = new Map<string, Import[]>();
  for (const [path, text] of sources) imports.set(path, importsOf(path, text));

  // 1. Every file is in a layer, and every import it makes is one its layer may make.
  for (const [path, list] of imports) {
    const from = layerOf(path);
    if (!from) {
      problems.push(`${path} is in no layer: add its folder to the table in test/unit/layering.test.ts`);
      continue;
    }
    for (const { specifier } of list) {
      const why = breach(from.rule, from.name, resolveImport(path, specifier));
      if (why) problems.push(`${path} imports '${specifier}': ${why}. Rule: ${describeRule(from.rule)}`);
    }
  }

  // 2. The electron/ domains import one another without a cycle (two that do are one domain).
  const domainEdges = new Map<string, Map<string, string>>();
  for (const [path, list] of imports) {
    const from = layerOf(path)?.name;
    if (!from || !isDomain(from)) continue;
    for (const { specifier } of list) {
      const target = resolveImport(path, specifier);
      const to = target.kind === 'file' ? layerOf(target.path)?.name : undefined;
      if (!to || to === from || !isDomain(to)) continue;
      if (!domainEdges.has(from)) domainEdges.set(from, new Map());
      if (!domainEdges.get(from)!.has(to)) domainEdges.get(from)!.set(to, `${path} imports '${specifier}'`);
    }
  }
  const done = new Set<string>();
  const findCycle = (node: string, stack: string[]): string[] | null => {
    if (stack.includes(node)) return [...stack.slice(stack.indexOf(node)), node];
    if (done.has(node)) return null;
    for (const next of domainEdges.get(node)?.keys() ?? []) {
      const cycle = findCycle(next, [...stack, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return null;
  };
  for (const domain of [...domainEdges.keys()].sort()) {
    const cycle = findCycle(domain, []);
    if (cycle) {
      const via = cycle.slice(1).map((to, i) => domainEdges.get(cycle[i]!)!.get(to)!);
      problems.push(`the electron/ domains import one another in a cycle, ${cycle.join(' → ')}: ${via.join('; ')}`);
      break;
    }
  }

  // 3. What a bundled layer ships: its files' run-time imports, followed through every file.
  //    Each thing it may not ship is reported once, with the shortest chain that brings it in.
  const shipped = new Map<string, { chain: string[]; specifier: string; why: string; rule: LayerRule }>();
  for (const [path] of imports) {
    const from = layerOf(path);
    if (!from?.rule.checkWhatShips) continue;
    const seen = new Set<string>([path]);
    const queue: string[][] = [[path]];
    while (queue.length) {
      const chain = queue.shift()!;
      const file = chain[chain.length - 1]!;
      for (const { specifier, typeOnly } of imports.get(file) ?? []) {
        if (typeOnly) continue;
        const target = resolveImport(file, specifier);
        // Direct imports were judged in step 1; here only what comes in through other files.
        const why = file === path ? null : breach(from.rule, from.name, target);
        const key = `${from.name} ${target.kind === 'file' ? target.path : target.kind === 'bad' ? specifier : target.name}`;
        if (why && (!shipped.has(key) || shipped.get(key)!.chain.length > chain.length)) shipped.set(key, { chain, specifier, why, rule: from.rule });
        if (target.kind === 'file' && !seen.has(target.path) && imports.has(target.path)) {
          seen.add(target.path);
          queue.push([...chain, target.path]);
        }
      }
    }
  }
  for (const { chain, specifier, why, rule } of shipped.values()) {
    problems.push(`${chain[0]} ships '${specifier}' at run time, through ${chain.join(' → ')}: ${why}. Rule: ${describeRule(rule)}`);
  }
  return [...new Set(problems)];
}

function sourcesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sourcesIn(relative(root, path)));
    else if (SOURCE.test(name)) out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

function repositorySources(): Map<string, string> {
  const rootFiles = readdirSync(root).filter((name) => SOURCE.test(name) && statSync(join(root, name)).isFile());
  const paths = [...rootFiles, ...CHECKED.filter((d) => statSync(join(root, d), { throwIfNoEntry: false })?.isDirectory()).flatMap(sourcesIn)];
  return new Map(paths.map((p) => [p, readFileSync(join(root, p), 'utf8')]));
}

describe('layering: each folder imports only what its row of the table allows', () => {
  it('holds for every source file of the repository', () => {
    const sources = repositorySources();
    // The walk found the app (an empty walk would pass anything).
    for (const path of ['shared/ipc/contract.ts', 'electron/main/index.ts', 'renderer/src/main.tsx', 'cli/main.ts', 'bench/main.ts']) {
      expect(sources.has(path), path).toBe(true);
    }
    expect(checkLayering(sources)).toEqual([]);
  });

  it('reads every kind of import, and tells type-only ones apart', () => {
    const found = importsOf(
      'x.ts',
      [
        "import a from './a.ts';",
        "import type { B } from './b.ts';",
        "import { type C, type D } from './c.ts';",
        "import { type E, f } from './e.ts';",
        "import './side-effect.css';",
        "export * from './g.ts';",
        "export type { H } from './h.ts';",
        "const i = await import('./i.ts');",
        "const j = require('./j.cjs');",
        "let k: typeof import('./k.ts');",
        "// import nothing from './comment.ts'",
        "const s = \"import x from './string.ts'\";",
      ].join('\n'),
    );
    expect(found).toEqual([
      { specifier: './a.ts', typeOnly: false },
      { specifier: './b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: true },
      { specifier: './e.ts', typeOnly: false },
      { specifier: './side-effect.css', typeOnly: false },
      { specifier: './g.ts', typeOnly: false },
      { specifier: './h.ts', typeOnly: true },
      { specifier: './i.ts', typeOnly: false },
      { specifier: './j.cjs', typeOnly: false },
      { specifier: './k.ts', typeOnly: true },
    ]);
  });

  it('catches each kind of violation, naming the file, the import and the rule', () => {
    const fake = new Map<string, string>([
      ['electron/web-host/static-files.ts', "import { APP_CSP } from '../main/policy.ts';"],
      ['bench/main.ts', "import { launchChromium } from '../test/e2e/support/chromium.ts';"],
      ['shared/bytes.ts', "import { readFile } from 'node:fs';\nimport { join } from 'path';"],
      ['shared/ipc/contract.ts', "import type { z } from 'zod';\nimport { z as runtime } from 'zod';"],
      ['renderer/src/a.ts', "import type { requestSchemas } from '../../shared/ipc/schemas.ts';\nimport '../../shared/ipc/contract.ts';"],
      ['electron/vault/vault.ts', "import { safeStorage } from 'electron';"],
      ['electron/history/history.ts', "import '../core/index.ts';\nimport '../../sandbox/server.ts';"],
      ['electron/core/index.ts', "import '../history/history.ts';\nimport '../../sandbox/server.ts';"],
      ['cli/main.ts', "import '../electron/main/index.ts';\nimport('../electron/preload/index.ts');"],
      ['sandbox/server.ts', "import '../electron/core/index.ts';\nimport 'react';"],
      ['docs/notes.ts', ''],
      ['scripts/x.ts', "import '../docs/notes.ts';\nimport(name);"],
    ]);
    const problems = checkLayering(fake);
    const expected: [string, RegExp][] = [
      ['electron/web-host/static-files.ts', /imports '\.\.\/main\/policy\.ts': electron\/web-host may not import electron\/main\. Rule: electron\/<domain> may import/],
      ['bench/main.ts', /imports '\.\.\/test\/e2e\/support\/chromium\.ts': bench may not import test\//],
      ['shared/bytes.ts', /imports 'node:fs': shared may not use Node built-ins/],
      ['shared/bytes.ts', /imports 'path': shared may not use Node built-ins/],
      ['renderer/src/a.ts', /imports '\.\.\/\.\.\/shared\/ipc\/schemas\.ts': renderer may not import shared\/ipc\/schemas/],
      ['renderer/src/a.ts', /ships 'zod' at run time, through renderer\/src\/a\.ts → shared\/ipc\/contract\.ts: renderer may not use the package zod/],
      ['electron/vault/vault.ts', /imports 'electron': electron\/vault may not use the package electron/],
      ['electron/history/history.ts', /imports '\.\.\/\.\.\/sandbox\/server\.ts': electron\/history may not import sandbox/],
      ['cli/main.ts', /imports '\.\.\/electron\/main\/index\.ts': cli may not import electron\/main/],
      ['cli/main.ts', /imports '\.\.\/electron\/preload\/index\.ts': cli may not import electron\/preload/],
      ['sandbox/server.ts', /imports '\.\.\/electron\/core\/index\.ts': sandbox may not import electron\/core/],
      ['sandbox/server.ts', /imports 'react': sandbox may not use the package react/],
      ['docs/notes.ts', /is in no layer/],
      ['scripts/x.ts', /imports '\.\.\/docs\/notes\.ts': docs\/notes\.ts is in no layer/],
      ['scripts/x.ts', /a computed import/],
      ['the electron/ domains', /cycle, electron\/core → electron\/history → electron\/core/],
    ];
    for (const [file, pattern] of expected) {
      expect(
        problems.filter((p) => p.startsWith(file) && pattern.test(p)),
        `${file} ${pattern}`,
      ).toHaveLength(1);
    }
    // Nothing else: what the table allows (core → sandbox, a type-only zod in shared) passes.
    expect(problems).toHaveLength(expected.length);
  });

  it('lets through what the table allows', () => {
    const fine = new Map<string, string>([
      ['shared/ipc/contract.ts', "import type { z } from 'zod';\nimport type { requestSchemas } from './schemas.ts';"],
      ['shared/ipc/schemas.ts', "import { z } from 'zod';\nimport { CHANNELS } from './contract.ts';"],
      ['renderer/src/main.tsx', "import { createRoot } from 'react-dom/client';\nimport { CHANNELS } from '../../shared/ipc/contract.ts';\nimport './styles/app.css';"],
      ['electron/core/index.ts', "import { parseRequest } from '../../shared/ipc/schemas.ts';\nimport('../../sandbox/server.ts');\nimport '../vault/vault.ts';"],
      ['electron/vault/vault.ts', "import { join } from 'node:path';"],
      ['electron/main/index.ts', "import { app } from 'electron';\nimport '../core/index.ts';\nimport '../web-host/static-files.ts';"],
      ['electron/web-host/static-files.ts', "import { APP_CSP } from '../../shared/app-csp.ts';"],
      ['electron/preload/index.ts', "import { contextBridge } from 'electron';\nimport '../../shared/ipc/contract.ts';"],
      ['cli/main.ts', "import '../electron/web-host/index.ts';\nimport '../sandbox/server.ts';"],
      ['bench/main.ts', "import './chromium.ts';\nimport { chromium } from 'playwright-core';"],
      ['bin/drm-workbench.mjs', "import { register } from 'tsx/esm/api';\nawait import('../cli/main.ts');"],
      ['renderer/vite.config.ts', "import { defineConfig } from 'vite';\nimport { fileURLToPath } from 'node:url';"],
    ]);
    expect(checkLayering(fine)).toEqual([]);
  });
});
