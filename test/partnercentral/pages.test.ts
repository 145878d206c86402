import { describe, expect, it } from "vitest";
import type { Page } from "../../src/partnercentral/model.ts";
import { fillPage, type PageRequest } from "../../src/partnercentral/pages.ts";

/** AWS pages as listed (each page's token names the next one), served from the token asked for on. */
function aws(pages: number[][]) {
  const calls: PageRequest[] = [];
  const pagesFrom = async function* (request: PageRequest): AsyncGenerator<Page<number>> {
    calls.push(request);
    for (let n = Number(request.nextToken ?? 0); n < pages.length; n++) {
      yield { items: pages[n] ?? [], ...(n + 1 < pages.length ? { nextToken: String(n + 1) } : {}) };
    }
  };
  return { pagesFrom, calls };
}

describe("fillPage", () => {
  it("fills a page from short AWS pages and ends inside one, where the next page starts", async () => {
    const { pagesFrom } = aws([[1, 2], [], [3, 4, 5], [6, 7, 8, 9]]);
    const first = await fillPage(pagesFrom, { skip: 0, shown: 0 }, 4);
    expect(first).toEqual({ items: [1, 2, 3, 4], next: { token: "2", skip: 2, shown: 4 } });
    const second = await fillPage(pagesFrom, first.next ?? { skip: 0, shown: 0 }, 4);
    expect(second).toEqual({ items: [5, 6, 7, 8], next: { token: "3", skip: 3, shown: 8 } });
    const last = await fillPage(pagesFrom, second.next ?? { skip: 0, shown: 0 }, 4);
    expect(last).toEqual({ items: [9] });
  });

  it("starts the next page at the next AWS page when a page ends with one", async () => {
    const { pagesFrom } = aws([[1, 2], [3, 4], [5]]);
    expect(await fillPage(pagesFrom, { skip: 0, shown: 0 }, 2)).toEqual({
      items: [1, 2],
      next: { token: "1", skip: 0, shown: 2 },
    });
  });

  it("stops after ten AWS pages of nothing, offering to go on", async () => {
    const { pagesFrom } = aws(Array.from({ length: 30 }, () => []));
    expect(await fillPage(pagesFrom, { skip: 0, shown: 0 }, 10)).toEqual({
      items: [],
      next: { token: "10", skip: 0, shown: 0 },
    });
  });
});
