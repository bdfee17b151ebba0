/** Helpers for the chart layer's tests: hook templates and a small chart of them. */
import { HookRecord, hooksOf } from '../../../engine/chart';

/** One hook object; `annotations` are lines already without indentation. */
export function hookDoc(kind: string, name: string, annotations: readonly string[]): string {
  return ['apiVersion: v1', `kind: ${kind}`, 'metadata:', `  name: ${name}`, '  annotations:', ...annotations.map((a) => `    ${a}`), ''].join('\n');
}

/** Hooks of several files: path (chart-relative, as Helm stores it) -> text. */
export function chartHooks(files: Record<string, string>): HookRecord[] {
  return Object.entries(files).flatMap(([path, text]) => hooksOf(path, text));
}

export function names(hooks: readonly HookRecord[]): string[] {
  return hooks.map((h) => h.name);
}
