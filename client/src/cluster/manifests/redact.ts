import { isMap, isScalar, parseAllDocuments } from 'yaml';

export const REDACTED = '<redacted>';

/**
 * A stored hook manifest made safe to show: every value under `data` and `stringData` of a Secret is
 * replaced. A manifest that cannot be parsed is shown only if it cannot be a Secret; otherwise nothing of
 * it is shown (undefined), since its values could not be found to hide them.
 */
export function redactManifest(manifest: string): string | undefined {
  const docs = parseAllDocuments(manifest);
  if (docs.some((d) => d.errors.length > 0)) return /\bkind\s*:\s*["']?Secret\b/.test(manifest) ? undefined : manifest;
  let changed = false;
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = root.get('kind', true);
    if (!isScalar(kind) || (kind.value as unknown) !== 'Secret') continue;
    for (const key of ['data', 'stringData']) {
      const values = root.get(key, true);
      if (!isMap(values)) continue;
      for (const pair of values.items) {
        // An empty value has nothing to hide.
        if (pair.value !== null && !(isScalar(pair.value) && pair.value.value === null)) {
          pair.value = doc.createNode(REDACTED);
          changed = true;
        }
      }
    }
  }
  return changed ? docs.map((d) => d.toString()).join('') : manifest;
}
