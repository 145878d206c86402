import type { Connections } from "../partnercentral/connections.ts";
import type { EngagementInvitations } from "../partnercentral/engagements.ts";
import type { Catalog, Invitation } from "../partnercentral/model.ts";
import { type ExpiringCounts, ExpiringSelection, windowEnd } from "./select.ts";

/** A digest is one Slack message of at most 50 blocks, each invitation one block or more: no more can show. */
export const MOST_SHOWN = 50;

export interface ExpiringInvitations {
  /** The soonest to expire, soonest first: as many as can be shown (see `keep`), of `counts.total`. */
  invitations: Invitation[];
  /** Every one expiring within the window, counted in all and by urgency. */
  counts: ExpiringCounts;
  /** All pending invitations we received, counted only when nothing expires (for the all-clear line). */
  totalPending?: number;
}

/** The Partner Central calls a digest makes (PartnerCentral has them; a test can hand in its own). */
export interface ExpiringSource {
  engagements: Pick<EngagementInvitations, "pagesExpiringBefore" | "countPendingReceived" | "describe">;
  connections: Pick<Connections, "invitationPages">;
}

/**
 * Pending received invitations of both kinds expiring within the window, with the fewest calls:
 * server-side filters, 100 a page, engagement invitations oldest first with an early stop. Each page is
 * reduced as it arrives to the `keep` soonest and a count by urgency, however many AWS lists; only those
 * kept are read in detail.
 */
export async function fetchExpiring(
  partnerCentral: ExpiringSource,
  catalog: Catalog,
  now: Date,
  windowDays: number,
  keep = MOST_SHOWN,
): Promise<ExpiringInvitations> {
  const selection = new ExpiringSelection(now, windowDays, keep);
  let pendingConnections = 0;
  await Promise.all([
    (async () => {
      for await (const page of partnerCentral.engagements.pagesExpiringBefore(
        catalog,
        windowEnd(now, windowDays),
      ))
        selection.add(page);
    })(),
    (async () => {
      const query = { catalog, status: "PENDING", role: "RECEIVER" } as const;
      for await (const { items } of partnerCentral.connections.invitationPages(query)) {
        pendingConnections += items.length;
        selection.add(items);
      }
    })(),
  ]);
  // Only what the digest may show is described (customer, project, spend: a read of its details each).
  const found = {
    invitations: await partnerCentral.engagements.describe(selection.soonest),
    counts: selection.counts,
  };
  if (found.counts.total > 0) return found;
  const pendingEngagements = await partnerCentral.engagements.countPendingReceived(catalog);
  return { ...found, totalPending: pendingEngagements + pendingConnections };
}
