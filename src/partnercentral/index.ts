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

export function createPartnerCentral(clients: PartnerCentralClients): PartnerCentral {
  const names = new PartnerNames(clients);
  return {
    engagements: new EngagementInvitations(clients.selling, names),
    connections: new Connections(clients.account, names),
    opportunities: new Opportunities(clients.selling),
  };
}
