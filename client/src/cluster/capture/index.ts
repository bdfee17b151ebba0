// Capture of hook runs while they run: the follower (hookCapture, runFollower) and what it writes (types).
export { HookCapture } from './hookCapture';
export type { CaptureOptions } from './hookCapture';
export * from './types';
export { capturedEvidence, explainCaptured } from './evidence';
export { capturedDocument, capturedTitle, localTime, outcomeOf } from './document';
export type { CapturedDocumentOptions } from './document';
