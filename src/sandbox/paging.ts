/** Default page size: small enough that a demo tenant's lists span several pages, as real ones do. */
export const DEFAULT_PAGE_SIZE = 50;

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/**
 * One page of a list, ARM style: `nextLink` is an absolute URL on the server's own base (the SDK follows
 * it verbatim), carrying the same query plus `$skiptoken`.
 */
export function pageOf<T>(items: readonly T[], requestUrl: URL, pageSize: number): Page<T> {
  const token = requestUrl.searchParams.get("$skiptoken");
  const start = token !== null && /^\d+$/.test(token) ? Number(token) : 0;
  const top = Number(requestUrl.searchParams.get("$top") ?? Number.NaN);
  const size = Number.isInteger(top) && top > 0 ? Math.min(top, pageSize) : pageSize;
  const value = items.slice(start, start + size);
  if (start + size >= items.length) return { value };
  const next = new URL(requestUrl);
  next.searchParams.set("$skiptoken", String(start + size));
  return { value, nextLink: next.toString() };
}
