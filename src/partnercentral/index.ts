import type { PartnerCentralClients } from "./clients.js";
import { Connections } from "./connections.js";
import { EngagementInvitations } from "./engagements.js";

/** The Partner Central services the app uses, built once from the two SDK clients. */
export interface PartnerCentral {
  engagements: EngagementInvitations;
  connections: Connections;
}

export function createPartnerCentral(clients: PartnerCentralClients): PartnerCentral {
  return {
    engagements: new EngagementInvitations(clients.selling),
    connections: new Connections(clients.account),
  };
}
