import { RULE_BY_CODE, SeverityOverrides } from '../../../engine';

export interface ServerSettings {
  enable: boolean;
  severities: SeverityOverrides;
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, severities: {}, debounceMs: 0 };

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Reads the `helmHooks` section leniently: a bad entry falls back to the default, never throws. */
export function readSettings(raw: unknown): ServerSettings {
  const section = (raw ?? {}) as { diagnostics?: { enable?: unknown; rules?: unknown; debounceMs?: unknown } };
  const d = section.diagnostics ?? {};
  const severities: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'> = {};
  if (d.rules && typeof d.rules === 'object') {
    for (const [code, level] of Object.entries(d.rules as Record<string, unknown>)) {
      if (RULE_BY_CODE.has(code) && typeof level === 'string' && LEVELS.has(level)) severities[code] = level as never;
    }
  }
  const debounce = typeof d.debounceMs === 'number' && Number.isFinite(d.debounceMs) ? Math.min(Math.max(d.debounceMs, 0), 2000) : 0;
  return { enable: d.enable !== false, severities, debounceMs: debounce };
}
