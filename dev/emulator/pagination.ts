import { createHash } from "node:crypto";

/** Used when a request has no MaxResults; the service does not publish its default. */
export const DEFAULT_PAGE_SIZE = 20;

export type SortKey = readonly [time: number, id: string];

export class InvalidNextToken extends Error {}

interface TokenBody {
  v: 1;
  /** Fingerprint of the query, so a token cannot be replayed against different filters or sorting. */
  f: string;
  t: number;
  id: string;
}

export function queryFingerprint(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

function compare(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function decode(token: string, fingerprint: string): SortKey {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<TokenBody>;
  } catch {
    throw new InvalidNextToken("The NextToken is not valid.");
  }
  if (
    body === null ||
    typeof body !== "object" ||
    body.v !== 1 ||
    typeof body.t !== "number" ||
    typeof body.id !== "string"
  ) {
    throw new InvalidNextToken("The NextToken is not valid.");
  }
  if (body.f !== fingerprint)
    throw new InvalidNextToken("The NextToken does not match the request parameters.");
  return [body.t, body.id];
}

/**
 * Keyset pagination: the token remembers the sort key of the last item returned, so records added or
 * changed between pages neither repeat nor shift later pages.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => SortKey,
  options: {
    descending: boolean;
    maxResults: number | undefined;
    /** The most the service returns in one page, whatever MaxResults asks for (AWS may return fewer). */
    maxPageSize?: number;
    nextToken: string | undefined;
    fingerprint: string;
  },
): { page: T[]; nextToken?: string } {
  const direction = options.descending ? -1 : 1;
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => direction * compare(a.key, b.key));
  let start = 0;
  if (options.nextToken !== undefined) {
    const after = decode(options.nextToken, options.fingerprint);
    start = keyed.findIndex((k) => direction * compare(k.key, after) > 0);
    if (start < 0) start = keyed.length;
  }
  const size = Math.min(
    options.maxResults ?? DEFAULT_PAGE_SIZE,
    options.maxPageSize ?? Number.POSITIVE_INFINITY,
  );
  const slice = keyed.slice(start, start + size);
  const last = slice[slice.length - 1];
  if (!last || start + size >= keyed.length) return { page: slice.map((k) => k.item) };
  const body: TokenBody = { v: 1, f: options.fingerprint, t: last.key[0], id: last.key[1] };
  return {
    page: slice.map((k) => k.item),
    nextToken: Buffer.from(JSON.stringify(body)).toString("base64url"),
  };
}
