/** Short human times for tree rows: `12 s`, `3 min`, `2 h 5 min`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 || m >= 10 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

/** `3 min ago`, from `now`. */
export function ago(date: Date, now: Date = new Date()): string {
  const ms = now.getTime() - date.getTime();
  return ms < 0 ? 'just now' : ms < 5000 ? 'just now' : `${duration(ms)} ago`;
}

/** An absolute time for tooltips, in the user's locale. */
export function when(date: Date | undefined): string {
  return date === undefined ? 'never' : date.toLocaleString();
}
