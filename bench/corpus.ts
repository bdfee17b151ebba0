import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared corpus of real chart templates (see its README.md). */
export const CORPUS_ROOT = process.env.HELM_HOOKS_CORPUS ?? '/work/shared/corpus';

export interface TemplateFile {
  path: string;
  text: string;
  /** UTF-8 size on disk. */
  bytes: number;
}

const TEMPLATE_EXT = /\.(ya?ml|tpl)$/i;

/** Every .yaml/.yml/.tpl file that sits somewhere under a `templates/` folder, sorted by path. */
export function listTemplates(root: string = CORPUS_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string, underTemplates: boolean): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, underTemplates || entry.name === 'templates');
      else if (entry.isFile() && underTemplates && TEMPLATE_EXT.test(entry.name)) out.push(full);
    }
  };
  walk(root, false);
  return out.sort();
}

export function loadTemplates(root: string = CORPUS_ROOT): TemplateFile[] {
  return listTemplates(root).map((p) => {
    const buf = fs.readFileSync(p);
    return { path: p, text: buf.toString('utf8'), bytes: buf.length };
  });
}

export function largest(files: readonly TemplateFile[]): TemplateFile {
  return files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}
