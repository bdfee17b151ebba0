// The files the installed extension loads or shows at run time, derived from the build and the manifest so the
// list cannot drift from them: the bundles scripts/bundle-targets.mjs builds for the extension, every path the
// shipped code loads (asAbsolutePath, require), and every file package.json names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

export interface RuntimeFile {
  readonly file: string;
  /** Where the need comes from, for the failure message. */
  readonly why: string;
}

export interface Bundle {
  readonly outfile: string;
  readonly entryPoints: readonly string[];
  /** false: built for the npm package (the CLI), deliberately not shipped in the .vsix. */
  readonly extension?: boolean;
}

export async function bundles(repo: string): Promise<Bundle[]> {
  const url = new URL(`file://${path.join(repo, 'scripts', 'bundle-targets.mjs')}`);
  return ((await import(url.href)) as { bundles: Bundle[] }).bundles;
}

/** Strips "./", so manifest paths compare with zip entries. */
const norm = (p: string): string => path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');

/** Paths named anywhere under `contributes`: grammars, language configurations, icons (codicons `$(x)` excluded). */
function contributedPaths(node: unknown, at: string, out: RuntimeFile[]): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => contributedPaths(v, `${at}[${i}]`, out));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    const where = `${at}.${key}`;
    const fileKey = key === 'path' || key === 'icon' || key === 'light' || key === 'dark' || (key === 'configuration' && typeof value === 'string');
    if (fileKey && typeof value === 'string' && !value.startsWith('$(')) out.push({ file: norm(value), why: `package.json ${where}` });
    else contributedPaths(value, where, out);
  }
}

export function manifestFiles(repo: string): RuntimeFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
  const out: RuntimeFile[] = [{ file: 'package.json', why: 'the manifest' }];
  for (const key of ['main', 'icon'] as const) {
    const v = manifest[key];
    if (typeof v !== 'string') throw new Error(`package.json has no "${key}"`);
    out.push({ file: norm(v), why: `package.json ${key}` });
  }
  contributedPaths(manifest.contributes, 'contributes', out);
  return out;
}

export interface CodeLoads {
  readonly files: RuntimeFile[];
  /** Loads whose path is not a literal, so no test can know whether the package has the file. */
  readonly unreadable: string[];
}

/** The project's own sources in a bundle, as esbuild resolves them (its metafile), not as a folder list guesses. */
export async function bundleSources(repo: string, bundle: Bundle): Promise<string[]> {
  const r = await esbuild.build({
    absWorkingDir: repo,
    entryPoints: [...bundle.entryPoints],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(r.metafile.inputs).filter((f) => !f.includes('node_modules/')).map((f) => path.join(repo, f));
}

function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * Every run-time file load in the shipped sources: `x.asAbsolutePath('...')` must name a literal; `require(...)`
 * must name a module (bundled) or go through asAbsolutePath; `__dirname` is refused, since it points into dist/.
 */
export function codeLoads(repo: string, sources: readonly string[]): CodeLoads {
  const files: RuntimeFile[] = [];
  const unreadable: string[] = [];
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const where = (n: ts.Node): string => `${path.relative(repo, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const arg = n.arguments[0];
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'asAbsolutePath') {
          const p = literal(arg);
          if (p === undefined) unreadable.push(`${where(n)}: asAbsolutePath(${arg?.getText(source) ?? ''})`);
          else files.push({ file: norm(p), why: `${where(n)} asAbsolutePath` });
        } else if (ts.isIdentifier(callee) && callee.text === 'require') {
          const viaAsAbsolutePath = arg && ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && arg.expression.name.text === 'asAbsolutePath';
          if (literal(arg) === undefined && !viaAsAbsolutePath) unreadable.push(`${where(n)}: require(${arg?.getText(source) ?? ''})`);
        }
      } else if (ts.isIdentifier(n) && (n.text === '__dirname' || n.text === '__filename')) {
        unreadable.push(`${where(n)}: ${n.text}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return { files, unreadable };
}
