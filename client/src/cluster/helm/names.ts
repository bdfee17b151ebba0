// The names that reach helm's command line, checked as Helm and Kubernetes check them, so that a value
// from a tree row or an input box can never be read by helm as a flag or as something else.

/** Helm's release-name rule (chartutil.ValidateReleaseName): a DNS subdomain of at most 53 characters. */
export function isReleaseName(s: string): boolean {
  return s.length <= 53 && isObjectName(s);
}

/** Kubernetes namespace names are RFC 1123 labels. */
export function isNamespace(s: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s);
}

/** Test hooks are Pods or Jobs, whose names are RFC 1123 subdomains (what `--filter name=` matches). */
export function isObjectName(s: string): boolean {
  return s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}
