import { diagnosticsFeature } from './diagnostics';
import { Feature } from './feature';

/** Every feature the server offers. A new feature is one file here and one line below. */
export const FEATURES: readonly Feature[] = [diagnosticsFeature];
