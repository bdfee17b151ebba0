// The on-disk store of hook captures (issue 14): the capture writes runs through it, the views read them.
export { CaptureStore } from './captureStore';
export { StoreRunWriter } from './runWriter';
