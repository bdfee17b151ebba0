/** Go's int is 64-bit on every platform Helm ships for. */
const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

export type WeightParse =
  | { ok: true; weight: number }
  | { ok: false; reason: 'syntax' | 'range' };

/**
 * `strconv.Atoi` on the raw annotation value, exactly: optional sign, ASCII digits, nothing else, no
 * trimming, 64-bit range. Helm turns any failure into weight 0.
 */
export function parseWeight(raw: string): WeightParse {
  if (!/^[+-]?[0-9]+$/.test(raw)) return { ok: false, reason: 'syntax' };
  const n = BigInt(raw);
  if (n < INT_MIN || n > INT_MAX) return { ok: false, reason: 'range' };
  return { ok: true, weight: Number(n) };
}

/** The weight Helm uses. */
export function effectiveWeight(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const r = parseWeight(raw);
  return r.ok ? r.weight : 0;
}
