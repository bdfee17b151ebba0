import { RESOURCE_POLICY } from '../helm/annotations';
import { keepsResource } from '../helm/policies';
import { literalRenderings } from './each';
import { Check } from './types';

export const checkResourcePolicy: Check = ({ byKey, report }) => {
  for (const entry of byKey.get(RESOURCE_POLICY) ?? []) {
    if (entry.value.type !== 'string' && entry.value.type !== 'null') continue;
    for (const raw of new Set(literalRenderings(entry))) {
      if (keepsResource(raw)) continue;
      report(
        'resource-policy-not-keep',
        entry.value.start,
        entry.value.end,
        `helm.sh/resource-policy is ${JSON.stringify(raw)}: Helm only acts on "keep". Any other value puts the resource in neither list, so helm uninstall silently leaves it behind (orphaned). Use "keep", or remove the annotation to let Helm delete it.`,
        { replacement: 'keep' },
      );
    }
  }
};
