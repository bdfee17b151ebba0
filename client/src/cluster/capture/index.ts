// Capture of hook runs while they run: the follower (hookCapture, runFollower) and what it writes (types).
export { HookCapture } from './hookCapture';
export type { CaptureOptions } from './hookCapture';
export * from './types';
