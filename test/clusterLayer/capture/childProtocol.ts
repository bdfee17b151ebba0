// The messages between the two-process store test and its child processes (storeChild.ts).
export type ChildCommand = { cmd: 'claim' } | { cmd: 'write'; until?: number; finished?: boolean } | { cmd: 'exit' };
export type ChildReply = { type: 'claim'; ok: boolean; resumed: boolean; from: number } | { type: 'progress'; flushed: number } | { type: 'closed'; lines: number };

export const POD = 'hook-abc12';
export const CONTAINER = 'main';
export const lineOf = (n: number): string => `line ${String(n).padStart(6, '0')} ${'.'.repeat(40)}`;
