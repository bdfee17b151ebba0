import { Check } from './types';

const GO_TYPE: Record<string, string> = { int: 'number', float: 'number', bool: 'bool', sequence: 'array', mapping: 'object' };

export const checkValueTypes: Check = ({ obj, report, tt }) => {
  for (const entry of obj.annotations) {
    if (entry.key === undefined || !entry.key.startsWith('helm.sh/')) continue;
    const goType = GO_TYPE[entry.value.type];
    if (goType === undefined) continue;
    const text = tt.text.slice(entry.value.start, entry.value.end);
    const quotable = entry.value.type !== 'sequence' && entry.value.type !== 'mapping';
    report(
      'non-string-annotation',
      entry.value.start,
      entry.value.end,
      `${entry.key}: ${text} is a YAML ${goType === 'number' ? 'number' : goType === 'bool' ? 'boolean' : goType === 'array' ? 'list' : 'map'}, not a string: the API server rejects the object ` +
        `("cannot unmarshal ${goType} into Go struct field ObjectMeta.metadata.annotations of type string") and the install fails.` +
        (quotable ? ` Quote it: "${text}".` : ' Write it as one comma-separated string.'),
      quotable ? { replacement: `"${text}"` } : undefined,
    );
  }
};
