/**
 * The top-level `name:` of a Chart.yaml, read with a pattern rather than a YAML parser: parsing bitnami's
 * Chart.yaml files (long image annotations) took most of the time of indexing a large workspace. It
 * handles what chart authors write on that line: plain, double-quoted (with YAML's escapes) and
 * single-quoted names, and trailing comments. Undefined when there is no name, or it is empty or null:
 * callers then use the folder's name, as Helm's lint would ask for one anyway.
 */
export function chartYamlName(text: string): string | undefined {
  // A key needs a space or the line's end after its colon: `name:x` is a plain scalar, not a key.
  const m = /^name:(?=[ \t]|$)(.*)$/m.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (m === null) return undefined;
  const value = scalar(m[1].trim());
  return value === undefined || value === '' ? undefined : value;
}

function scalar(s: string): string | undefined {
  if (s.startsWith('"')) return doubleQuoted(s);
  if (s.startsWith("'")) return singleQuoted(s);
  // A comment needs whitespace before its `#`: `a#b` is one plain scalar.
  const comment = /(?:^|[ \t])#/.exec(s);
  const plain = (comment === null ? s : s.slice(0, comment.index)).trimEnd();
  return /^(?:~|null|Null|NULL)$/.test(plain) ? undefined : plain;
}

/** What may follow a closing quote: nothing, or a comment. */
function onlyComment(rest: string): boolean {
  return /^(?:[ \t]+#.*|[ \t]*)$/.test(rest);
}

function singleQuoted(s: string): string | undefined {
  const m = /^'((?:[^']|'')*)'(.*)$/.exec(s);
  return m !== null && onlyComment(m[2]) ? m[1].replace(/''/g, "'") : undefined;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

function doubleQuoted(s: string): string | undefined {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return onlyComment(s.slice(i + 1)) ? out : undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    const digits = HEX_DIGITS[e];
    if (digits !== undefined) {
      const hex = s.slice(i + 1, i + 1 + digits);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += digits;
    } else if (e !== undefined && ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return undefined;
  }
  // No closing quote on this line: a multi-line scalar, which no chart name is.
  return undefined;
}
