/**
 * The digest's fetch and render path (fetchExpiring + renderExpiring, as the scheduled digest runs them),
 * alone in a process so its peak memory is the digest's own. The parent says when to run each round and
 * counts the Partner Central calls in between.
 */
import { fetchExpiring } from "../src/digest/fetch.ts";
import { createPartnerCentralClients } from "../src/partnercentral/clients.ts";
import { createPartnerCentral } from "../src/partnercentral/index.ts";
import { renderExpiring } from "../src/slack/blocks/digest.ts";
import type { SlackMessage } from "../src/slack/blocks/types.ts";

export interface DigestRound {
  type: "round-done";
  now: number;
  wallMs: number;
  fetchMs: number;
  renderMs: number;
  selected: number;
  message: SlackMessage;
}

export interface DigestDone {
  type: "done";
  renderMs: number[];
  baselineRssBytes: number;
  maxRssBytes: number;
}

const windowDays = Number(process.env.WINDOW_DAYS);
const renders = Number(process.env.RENDERS);
const clients = createPartnerCentralClients({ region: "us-east-1" });
const partnerCentral = createPartnerCentral(clients);
const baselineRssBytes = process.memoryUsage.rss();

const render = (found: Awaited<ReturnType<typeof fetchExpiring>>, now: Date) =>
  renderExpiring({ ...found, now, windowDays, catalog: "AWS" }) as SlackMessage;

let last: { found: Awaited<ReturnType<typeof fetchExpiring>>; now: Date } | undefined;
process.on("message", async (message: { type: string }) => {
  if (message.type === "round") {
    const now = new Date();
    const started = performance.now();
    const found = await fetchExpiring(partnerCentral, "AWS", now, windowDays);
    const fetched = performance.now();
    const rendered = render(found, now);
    const done = performance.now();
    last = { found, now };
    const round: DigestRound = {
      type: "round-done",
      now: now.getTime(),
      wallMs: done - started,
      fetchMs: fetched - started,
      renderMs: done - fetched,
      selected: found.invitations.length,
      message: rendered,
    };
    process.send?.(round);
  } else if (message.type === "finish" && last) {
    const renderMs: number[] = [];
    for (let i = 0; i < renders; i++) {
      const started = performance.now();
      render(last.found, last.now);
      renderMs.push(performance.now() - started);
    }
    const done: DigestDone = {
      type: "done",
      renderMs,
      baselineRssBytes,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.send?.(done);
    clients.selling.destroy();
    clients.account.destroy();
  }
});
// Exiting rather than dying of the signal lets Node keep its compile cache for the next start.
process.on("SIGTERM", () => process.exit(0));
process.send?.({ type: "ready" });
