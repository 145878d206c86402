import { toPartnerCentralError } from "./errors.js";
import type { Page } from "./model.js";

/** Where a list continues (the token a page gave) and how many a page holds. */
export interface PageRequest {
  nextToken?: string;
  maxResults: number;
}

/** The most a list call returns at once. */
const LARGEST_PAGE: PageRequest = { maxResults: 100 };

/**
 * The pages an SDK paginator fetches from `page` on (each as large), in the app's model with the token
 * of the next; a failure becomes a PartnerCentralError. Stopping early (return, break) fetches no more.
 */
export async function* pagesOf<Output extends { NextToken?: string }, Item>(
  operation: string,
  page: PageRequest = LARGEST_PAGE,
  paginate: (config: { pageSize: number; startingToken?: string }) => AsyncIterable<Output>,
  toItems: (output: Output) => Item[],
): AsyncGenerator<Page<Item>, void, undefined> {
  const config = { pageSize: page.maxResults, ...(page.nextToken ? { startingToken: page.nextToken } : {}) };
  try {
    for await (const output of paginate(config)) {
      yield { items: toItems(output), ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
    }
  } catch (error) {
    throw toPartnerCentralError(error, operation);
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
