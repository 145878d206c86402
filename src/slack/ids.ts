import { CATALOGS, type Catalog, type InvitationKind, invitationKey } from "../partnercentral/model.js";

/** Action and callback ids, shared by the renderers that create them and the listeners that handle them. */
export const ACTION = {
  accept: "invitation_accept",
  reject: "invitation_reject",
  cancel: "invitation_cancel",
  details: "invitation_details",
  connectionDetails: "connection_details",
  retry: "invitation_retry",
  openInPartnerCentral: "open_partner_central",
  nextPage: "list_next_page",
  showAll: "digest_show_all",
} as const;

export const VIEW = {
  reject: "invitation_reject_modal",
  details: "invitation_details_modal",
} as const;

export const COMMAND = "/partnercentral";

export interface InvitationRef {
  kind: InvitationKind;
  catalog: Catalog;
  id: string;
}

/** A button's value names the invitation it acts on: `kind:catalog:id`. */
export const invitationRefValue = (ref: InvitationRef): string => invitationKey(ref);

/** Reads a button value back; undefined for anything that is not a well-formed reference. */
export function parseInvitationRef(value: string | undefined): InvitationRef | undefined {
  const match = /^(engagement|connection):(AWS|Sandbox):([A-Za-z0-9-]{1,80})$/.exec(value ?? "");
  if (!match) return undefined;
  const [, kind, catalog, id] = match;
  if (!CATALOGS.includes(catalog as Catalog)) return undefined;
  return { kind: kind as InvitationKind, catalog: catalog as Catalog, id: id as string };
}

/** Block ids carry the invitation so an outcome can replace exactly that invitation's buttons. */
export const blockIds = {
  summary: (ref: InvitationRef) => `inv:${invitationKey(ref)}`,
  actions: (ref: InvitationRef) => `act:${invitationKey(ref)}`,
};

/** A connection's Details button carries `catalog:id`. */
export const connectionRefValue = (connection: { catalog: Catalog; id: string }): string =>
  `${connection.catalog}:${connection.id}`;

export function parseConnectionRef(value: string | undefined): { catalog: Catalog; id: string } | undefined {
  const match = /^(AWS|Sandbox):([A-Za-z0-9-]{1,80})$/.exec(value ?? "");
  if (!match) return undefined;
  return { catalog: match[1] as Catalog, id: match[2] as string };
}
