import type { PartnerCentralClients } from "./clients.ts";
import { Connections } from "./connections.ts";
import { EngagementInvitations } from "./engagements.ts";
import { PartnerNames } from "./names.ts";
import { Opportunities } from "./opportunities.ts";

/** The Partner Central services the app uses, built once from the two SDK clients. */
export interface PartnerCentral {
  engagements: EngagementInvitations;
  connections: Connections;
  opportunities: Opportunities;
}

/** `clock` is the app's: what is kept from Partner Central ages by it. */
export function createPartnerCentral(
  clients: PartnerCentralClients,
  clock: () => Date = () => new Date(),
): PartnerCentral {
  const names = new PartnerNames(clients, { clock });
  return {
    engagements: new EngagementInvitations(clients.selling, names, { clock }),
    connections: new Connections(clients.account, names),
    opportunities: new Opportunities(clients.selling, { clock }),
  };
}
