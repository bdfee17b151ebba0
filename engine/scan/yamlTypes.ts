/** YAML 1.1 resolution, as sigs.k8s.io/yaml (go-yaml v2 resolve.go) reads plain scalars. */

/** What the YAML parser Helm and kubectl use (YAML 1.1 rules) makes of the value. */
export type ResolvedType = 'string' | 'int' | 'float' | 'bool' | 'null' | 'sequence' | 'mapping' | 'unknown';

const BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(~|null|Null|NULL|)$/;
const SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
/** strconv.ParseInt/ParseUint with base 0, after go-yaml removed underscores. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

export function resolvePlain(s: string): ResolvedType {
  if (NULL.test(s)) return 'null';
  if (BOOL.test(s)) return 'bool';
  if (SPECIAL_FLOAT.test(s)) return 'float';
  const c = s[0];
  if ((c >= '0' && c <= '9') || c === '-' || c === '+') {
    const plain = s.replace(/_/g, '');
    if (GO_INT.test(plain)) return 'int';
    if (YAML_STYLE_FLOAT.test(plain)) return 'float';
    return 'string';
  }
  if (c === '.' && /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return 'float';
  return 'string';
}
