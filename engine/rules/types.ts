import { AnnotationEntry, ObjectInfo } from '../scan/objects';
import { TemplateText } from '../template/templateText';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** What a quick fix needs to know; plain data so every front end can act on it. */
export interface FixData {
  /** Replace the finding's range with this text. */
  replacement?: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Offsets in the file, UTF-16. */
  start: number;
  end: number;
  data?: FixData;
}

export type Report = (code: string, start: number, end: number, message: string, data?: FixData) => void;

export interface RuleContext {
  tt: TemplateText;
  obj: ObjectInfo;
  /** Annotation entries with a literal key, by key. */
  byKey: ReadonlyMap<string, readonly AnnotationEntry[]>;
  isHook: boolean;
  report: Report;
}

export type Check = (ctx: RuleContext) => void;
