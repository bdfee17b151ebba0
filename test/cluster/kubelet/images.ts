// Image references for the stand-in kubelet, which pulls nothing (it runs commands on this machine) but
// reports the image failures a real kubelet and container runtime report:
//   - a reference that does not parse (the distribution reference grammar: lowercase repository path,
//     optional registry host[:port], tag, digest): the kubelet's InvalidImageName;
//   - a reference whose registry host is under the reserved `.invalid` top-level domain (RFC 2606: it never
//     resolves), e.g. `registry.invalid/app:1.0`: the pull fails as containerd's does when the registry's
//     name does not resolve, so the kubelet reports ErrImagePull, then ImagePullBackOff.
// Every other image counts as already present on the machine.

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

interface Parsed {
  host: string;
  path: string;
  tag?: string;
  digest?: string;
}

function parse(image: string): Parsed | string {
  const m = REFERENCE.exec(image);
  if (!m) {
    return REFERENCE.test(image.toLowerCase()) ? 'invalid reference format: repository name must be lowercase' : 'invalid reference format';
  }
  const name = m[1] ?? '';
  if (name.length > 255) return 'repository name must not be more than 255 characters';
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    host: hasHost ? first : 'docker.io',
    path: hasHost ? name.slice(slash + 1) : slash < 0 ? `library/${name}` : name,
    ...(m[2] !== undefined ? { tag: m[2] } : {}),
    ...(m[3] !== undefined ? { digest: m[3] } : {}),
  };
}

/** The parse error of an image reference (as the kubelet's applyDefaultImageTag reports it), or undefined. */
export function imageReferenceError(image: string): string | undefined {
  const p = parse(image);
  return typeof p === 'string' ? `couldn't parse image reference "${image}": ${p}` : undefined;
}

/**
 * Why pulling this image fails here, in the words of containerd's CRI (what the kubelet puts in the
 * container's waiting message and its Failed event), or undefined when the image "is present".
 */
export function pullError(image: string): string | undefined {
  const p = parse(image);
  if (typeof p === 'string') return undefined;
  const hostname = p.host.replace(/:[0-9]+$/, '');
  if (!/\.invalid$/i.test(hostname)) return undefined;
  const ref = `${p.host}/${p.path}${p.digest ? `@${p.digest}` : `:${p.tag ?? 'latest'}`}`;
  const manifest = p.digest ?? p.tag ?? 'latest';
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ` +
    `failed to do request: Head "https://${p.host}/v2/${p.path}/manifests/${manifest}": dial tcp: lookup ${hostname}: no such host`;
}
