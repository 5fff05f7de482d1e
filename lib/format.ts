// Display helpers shared by pages. Times are shown in UTC so that server-rendered and
// client-rendered text agree and logs line up with what the page says.
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A size without a needless ".0" ("4 GB", "3.9 GB"). */
const compactBytes = (bytes: number) => formatBytes(bytes).replace(/\.0 /, ' ');

/** Why a project takes no pushes: "quota reached: 3.9 GB of 4 GB". */
export function quotaReachedMessage(usedBytes: number, quotaBytes: number): string {
  return `quota reached: ${compactBytes(usedBytes)} of ${compactBytes(quotaBytes)}`;
}

/** "1.2 GB of 4 GB", or "1.2 GB" when there is no quota. */
export function formatUsage(usedBytes: number, quotaBytes: number | null): string {
  return quotaBytes === null
    ? compactBytes(usedBytes)
    : `${compactBytes(usedBytes)} of ${compactBytes(quotaBytes)}`;
}

/** "2026-11-23 09:41 UTC" from a Date or an ISO string, or "—" when there is no (valid) time. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** "1 repository", "3 repositories". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
