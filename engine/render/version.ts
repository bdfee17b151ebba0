/** `helm version --short` (`v3.18.0+g04cad46`, `v4.1.4+g...`). */
export interface HelmVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export function parseHelmVersion(output: string): HelmVersion | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)[^\s]*/.exec(output);
  return m === null ? undefined : { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: m[0] };
}

/** Rendering needs Helm 3.12 or later (the rules follow v3.12+ source), or Helm 4. Undefined when fine, else why not. */
export function supportedHelm(v: HelmVersion | undefined, raw: string): string | undefined {
  if (v === undefined) return `cannot read helm's version from "${raw.trim().slice(0, 80)}"`;
  if (v.major === 3 && v.minor >= 12) return undefined;
  if (v.major === 4) return undefined;
  return `helm ${v.text} is not supported: --render needs Helm 3.12 or later, or Helm 4`;
}
