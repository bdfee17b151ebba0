/**
 * `helm template` output as documents. Helm prints every kept manifest and hook as
 * `---\n# Source: <chart path>\n<content>\n` (helm v3.18 pkg/action/action.go renderResources and
 * cmd/helm/template.go; the same in v4), where `<content>` is one YAML document trimmed by
 * releaseutil.SplitManifests. So a document starts at a `---` line followed by a `# Source:` line.
 */
export interface RenderedDocument {
  /** Chart-relative template path as Helm names it: `<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/y.yaml`. */
  source: string;
  /** The document's text, without the separator and the `# Source:` line. */
  text: string;
  /** 0-based line in the whole output where `text` starts. */
  line: number;
}

const SEPARATOR = /^---\s*$/;
const SOURCE = /^# Source: (.+?)\s*$/;

/** Splits rendered output into its documents. Text before the first `# Source:` header is ignored. */
export function splitRendered(output: string): RenderedDocument[] {
  const lines = output.split('\n');
  const docs: RenderedDocument[] = [];
  let current: { source: string; line: number; body: string[] } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    while (current.body.length > 0 && current.body[current.body.length - 1].trim() === '') current.body.pop();
    docs.push({ source: current.source, text: current.body.join('\n') + '\n', line: current.line });
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const next = lines[i + 1]?.replace(/\r$/, '');
    const source = next === undefined ? null : SOURCE.exec(next);
    if (SEPARATOR.test(line) && source !== null) {
      flush();
      current = { source: source[1], line: i + 2, body: [] };
      i++;
      continue;
    }
    current?.body.push(line);
  }
  flush();
  return docs;
}

/**
 * Helm's SplitManifests on one template file's rendered text (releaseutil/manifest.go): split on
 * `(?:^|\s*\n)---\s*`, trim each piece, drop empty ones. This is what the sorter reads, one entry per object.
 */
export function splitManifests(content: string): string[] {
  const sep = /(?:^|\s*\n)---\s*/g;
  return content
    .trim()
    .split(sep)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}
