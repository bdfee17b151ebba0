import { codeActionsFeature } from './codeActions';
import { codeLensFeature } from './codeLens';
import { completionFeature } from './completion';
import { diagnosticsFeature } from './diagnostics';
import { executionPlanFeature } from './executionPlan';
import { Feature } from './feature';
import { hoverFeature } from './hover';
import { weightTiesFeature } from './weightTies';

/** Every feature the server offers. A new feature is one file here and one line below. */
export const FEATURES: readonly Feature[] = [diagnosticsFeature, completionFeature, hoverFeature, codeActionsFeature, weightTiesFeature, codeLensFeature, executionPlanFeature];
