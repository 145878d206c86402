import type { Invitation } from "../partnercentral/model.ts";
import type { AlertChannel, AlertFilter, Store } from "../store/index.ts";

/** A channel alerts go to, and which new invitations it takes (all without a filter). */
export interface AlertRoute {
  channelId: string;
  filter?: AlertFilter;
}

const PAYLOADS: Record<NonNullable<AlertFilter["payload"]>, string> = {
  opportunity: "OpportunityInvitation",
  lead: "LeadInvitation",
};

/**
 * Whether a channel with this filter takes the invitation: of its kind, and, for a payload, an engagement
 * invitation carrying it (one whose payload AWS named otherwise, or left out, is neither a lead nor an
 * opportunity).
 */
export function takes(filter: AlertFilter | undefined, invitation: Pick<Invitation, "kind" | "payloadType">) {
  if (filter?.kind && filter.kind !== invitation.kind) return false;
  if (!filter?.payload) return true;
  return invitation.kind === "engagement" && invitation.payloadType === PAYLOADS[filter.payload];
}

/** Where opportunities' changes go: the alert channels that take invitations to work an opportunity. */
export function opportunityChannels(routes: AlertRoute[]): string[] {
  return routes
    .filter((route) => takes(route.filter, { kind: "engagement", payloadType: "OpportunityInvitation" }))
    .map((route) => route.channelId);
}

/**
 * Where alerts go: the channels switched on with `/partnercentral alerts`, each with its filter, and the
 * configured channel (taking everything) unless it was switched there.
 */
export async function alertChannels(
  store: Pick<Store, "alertChannels">,
  configured: string | undefined,
): Promise<AlertRoute[]> {
  const settings = await store.alertChannels.list();
  const on: AlertRoute[] = settings
    .filter((c) => c.enabled)
    .map((c) => ({ channelId: c.channelId, ...(c.filter ? { filter: c.filter } : {}) }));
  if (configured && !settings.some((c) => c.channelId === configured)) on.push({ channelId: configured });
  return on;
}

/** Whether a channel gets alerts: by its own setting (who switched it, when), else by the configuration. */
export async function alertStatus(
  store: Pick<Store, "alertChannels">,
  configured: string | undefined,
  channelId: string,
): Promise<{ on: boolean; setting?: AlertChannel }> {
  const setting = (await store.alertChannels.list()).find((c) => c.channelId === channelId);
  return setting ? { on: setting.enabled, setting } : { on: configured === channelId };
}
