import type { Connections } from "../partnercentral/connections.ts";
import type { EngagementInvitations } from "../partnercentral/engagements.ts";
import type { Catalog, Invitation } from "../partnercentral/model.ts";
import { selectExpiring, windowEnd } from "./select.ts";

export interface ExpiringInvitations {
  /** Soonest first. */
  invitations: Invitation[];
  /** All pending invitations we received, counted only when nothing expires (for the all-clear line). */
  totalPending?: number;
}

/** The Partner Central calls a digest makes (PartnerCentral has them; a test can hand in its own). */
export interface ExpiringSource {
  engagements: Pick<EngagementInvitations, "listPendingReceivedExpiringBefore" | "countPendingReceived">;
  connections: Pick<Connections, "listAllInvitations">;
}

/**
 * Pending received invitations of both kinds expiring within the window, with the fewest calls:
 * server-side filters, 100 a page, engagement invitations oldest first with an early stop.
 */
export async function fetchExpiring(
  partnerCentral: ExpiringSource,
  catalog: Catalog,
  now: Date,
  windowDays: number,
): Promise<ExpiringInvitations> {
  const deadline = windowEnd(now, windowDays);
  const [engagements, connections] = await Promise.all([
    partnerCentral.engagements.listPendingReceivedExpiringBefore(catalog, deadline),
    partnerCentral.connections.listAllInvitations({ catalog, status: "PENDING", role: "RECEIVER" }),
  ]);
  const invitations = selectExpiring([...engagements, ...connections], now, windowDays);
  if (invitations.length > 0) return { invitations };
  const pendingEngagements = await partnerCentral.engagements.countPendingReceived(catalog);
  return { invitations, totalPending: pendingEngagements + connections.length };
}
