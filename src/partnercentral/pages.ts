import { type ErrorSubject, toPartnerCentralError } from "./errors.ts";
import type { Page } from "./model.ts";

/** Where a list continues (the token a page gave) and how many a page holds. */
export interface PageRequest {
  nextToken?: string;
  maxResults: number;
}

/** The most a list call returns at once. */
const LARGEST_PAGE: PageRequest = { maxResults: 100 };

/**
 * The pages an SDK paginator fetches from `page` on (each as large), in the app's model with the token
 * of the next; a failure becomes a PartnerCentralError (about `subject` when given). Stopping early
 * (return, break) fetches no more.
 */
export async function* pagesOf<Output extends { NextToken?: string }, Item>(
  operation: string,
  page: PageRequest = LARGEST_PAGE,
  paginate: (config: { pageSize: number; startingToken?: string }) => AsyncIterable<Output>,
  toItems: (output: Output) => Item[] | Promise<Item[]>,
  subject?: ErrorSubject,
): AsyncGenerator<Page<Item>, void, undefined> {
  const config = { pageSize: page.maxResults, ...(page.nextToken ? { startingToken: page.nextToken } : {}) };
  try {
    for await (const output of paginate(config)) {
      yield { items: await toItems(output), ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
    }
  } catch (error) {
    throw toPartnerCentralError(error, operation, subject);
  }
}

/** The first page alone; a user pages on with its token. */
export async function firstPage<Item>(pages: AsyncIterable<Page<Item>>): Promise<Page<Item>> {
  for await (const page of pages) return page;
  return { items: [] };
}

/** Every item of every page. */
export async function allItems<Item>(pages: AsyncIterable<Page<Item>>): Promise<Item[]> {
  const found: Item[] = [];
  for await (const page of pages) found.push(...page.items);
  return found;
}

/**
 * Where a page of a list starts: at the AWS page `token` names (the first without one), after `skip` of
 * its items, and after `shown` items on the pages before.
 */
export interface PagePosition {
  token?: string;
  skip: number;
  shown: number;
}

/** AWS pages one page of a list may read, so AWS answering with empty pages cannot keep it busy. */
const MAX_CALLS_PER_PAGE = 10;

/**
 * One page of `size` items from `start` on, and where the page after it starts. AWS may return fewer
 * items than asked for, or none, with a token to go on, so a page may take several AWS pages and end
 * inside one; `pagesFrom` gives the pages from a token on, each asked to be `size` long.
 */
export async function fillPage<Item>(
  pagesFrom: (page: PageRequest) => AsyncIterable<Page<Item>>,
  start: PagePosition,
  size: number,
): Promise<{ items: Item[]; next?: PagePosition }> {
  const items: Item[] = [];
  let { token, skip } = start;
  let calls = 0;
  for await (const page of pagesFrom({ maxResults: size, ...(token ? { nextToken: token } : {}) })) {
    const unread = page.items.slice(skip);
    const room = size - items.length;
    items.push(...unread.slice(0, room));
    const shown = start.shown + items.length;
    if (unread.length > room)
      return { items, next: { ...(token ? { token } : {}), skip: skip + room, shown } };
    if (!page.nextToken) return { items };
    token = page.nextToken;
    skip = 0;
    if (items.length === size || ++calls >= MAX_CALLS_PER_PAGE)
      return { items, next: { token, skip, shown } };
  }
  return { items };
}

/**
 * Several lists read one after the other as one: the pages of the first, then of the second, and so on,
 * each token naming its list (`index:token`), so a page can end in one list and the next start there.
 */
export function chainPages<Item>(
  lists: Array<(page: PageRequest) => AsyncIterable<Page<Item>>>,
): (page: PageRequest) => AsyncIterable<Page<Item>> {
  return async function* (page) {
    const at = page.nextToken?.indexOf(":") ?? -1;
    let index = at > 0 ? Number(page.nextToken?.slice(0, at)) || 0 : 0;
    let token = at > 0 ? page.nextToken?.slice(at + 1) || undefined : undefined;
    for (; index < lists.length; index++) {
      const list = lists[index] as (page: PageRequest) => AsyncIterable<Page<Item>>;
      for await (const { items, nextToken } of list({
        maxResults: page.maxResults,
        ...(token ? { nextToken: token } : {}),
      })) {
        const next = nextToken
          ? `${index}:${nextToken}`
          : index + 1 < lists.length
            ? `${index + 1}:`
            : undefined;
        yield { items, ...(next ? { nextToken: next } : {}) };
      }
      token = undefined;
    }
  };
}
