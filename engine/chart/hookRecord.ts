import { HookEvent } from '../helm/events';
import { OrderedHook } from '../helm/order';

/** One piece of a hook's name: literal text, or a template action whose output is known only once rendered. */
export type NamePart = { lit: string } | { dyn: string };

/**
 * Where the hook's weight comes from. `invalid` is a literal Helm cannot parse, so it uses 0; `template`
 * is printed by a template (or differs between `{{ if }}` branches), so its value is unknown here.
 */
export type WeightSource = 'default' | 'literal' | 'invalid' | 'template';

/**
 * Whether Helm runs the hook: `placed` (its events are known), `dropped` (an unknown or empty event makes
 * Helm skip the whole resource in every rendering), `template` (a template prints the events).
 */
export type Placement = 'placed' | 'dropped' | 'template';

/** A hook object of a chart template, as Helm will store it, plus where its parts sit in the file. */
export interface HookRecord extends OrderedHook {
  /**
   * `metadata.name` as Helm sorts it: the literal text, or a readable placeholder in which each template
   * action is shown as `{{ ... }}` (e.g. `{{ include "x.fullname" . }}-migrate`). Empty when missing.
   */
  name: string;
  nameParts: NamePart[];
  /** The name holds no template output: its place in name order is certain. */
  nameLiteral: boolean;
  /** Literal `kind`; empty when missing or built by a template. */
  kind: string;
  /** The weight Helm uses (effectiveWeight); 0 standing in when `weightSource` is `template`. */
  weight: number;
  weightSource: WeightSource;
  /** The weight as written (literal text or placeholder); undefined without the annotation. */
  weightText: string | undefined;
  /** Events with duplicates kept: a hook listing an event twice runs twice. Empty unless placed. */
  events: HookEvent[];
  /** Some `{{ if }}` branch renders other events (or none): the hook runs only in some renderings. */
  conditional: boolean;
  placement: Placement;
  /** `helm.sh/hook` as written (placeholder for template output). */
  eventsText: string;
  /** Normalised delete policies; undefined when the annotation is absent (Helm then applies before-hook-creation). */
  deletePolicies: string[] | undefined;
  /** Delete policy value as written, when a template prints it. */
  deletePoliciesText: string | undefined;
  /** Chart-relative path as Helm stores it: `<chart>/templates/...` (subcharts: `<chart>/charts/<sub>/templates/...`). */
  path: string;
  /** Position of the object among the file's objects: Helm keeps document order within a file. */
  index: number;
  offsets: HookOffsets;
}

/** UTF-16 offsets in the template file. */
export interface HookOffsets {
  /** The object's document. */
  objectStart: number;
  objectEnd: number;
  /** Start of the object's first YAML line (after leading comments and template lines): where a code lens goes. */
  anchor: number;
  /** Zero-based line of `anchor`. */
  anchorLine: number;
  hookKey: [number, number];
  hookValue: [number, number];
  weightValue: [number, number] | undefined;
  name: [number, number] | undefined;
}

/** Name, weight and events are known without rendering: the hook's place in the order is certain. */
export function isExact(h: HookRecord): boolean {
  return h.nameLiteral && h.weightSource !== 'template' && !h.conditional;
}

/** A stable identity for a hook within a chart. */
export function hookId(h: Pick<HookRecord, 'path' | 'index'>): string {
  return `${h.path}#${h.index}`;
}
