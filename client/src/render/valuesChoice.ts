import * as fs from 'node:fs';
import * as path from 'node:path';

/** What remembers a choice across sessions: VS Code's workspaceState has this shape. */
export interface ChoiceStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY_PREFIX = 'helmHooks.render.values:';

/** The chart's own values file: helm always applies it, so it is never passed as --values. */
export const DEFAULT_VALUES = 'values.yaml';

/** The chart's `values*.yaml` (and `.yml`) files in its folder, names only: values.yaml first, then by name. */
export function valuesFilesOf(chartDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(chartDir, { withFileTypes: true }).filter((e) => e.isFile() && /^values.*\.ya?ml$/i.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  return names.sort((a, b) => (a === DEFAULT_VALUES ? -1 : b === DEFAULT_VALUES ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** The remembered choice for a chart, kept to the files that still exist (names relative to the chart folder). */
export function rememberedValues(store: ChoiceStore, chartDir: string, available: readonly string[] = valuesFilesOf(chartDir)): string[] {
  const saved = store.get<unknown>(KEY_PREFIX + chartDir);
  if (!Array.isArray(saved)) return [];
  return saved.filter((v): v is string => typeof v === 'string' && available.includes(v));
}

export async function rememberValues(store: ChoiceStore, chartDir: string, chosen: readonly string[]): Promise<void> {
  await store.update(KEY_PREFIX + chartDir, [...new Set(chosen)]);
}

/** The files to pass as `--values`, absolute, in the chosen order: values.yaml is left out (helm applies it first anyway). */
export function valuesArgs(chartDir: string, chosen: readonly string[]): string[] {
  return chosen.filter((v) => v !== DEFAULT_VALUES).map((v) => path.resolve(chartDir, v));
}

/** For messages: `values.yaml + values-prod.yaml`. */
export function renderedWithText(chosen: readonly string[]): string {
  return [DEFAULT_VALUES, ...chosen.filter((v) => v !== DEFAULT_VALUES)].join(' + ');
}
