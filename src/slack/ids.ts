import { CATALOGS, type Catalog, type InvitationKind, invitationKey } from "../partnercentral/model.js";

/** Action and callback ids, shared by the renderers that create them and the listeners that handle them. */
export const ACTION = {
  accept: "invitation_accept",
  reject: "invitation_reject",
  cancel: "invitation_cancel",
  details: "invitation_details",
  connectionDetails: "connection_details",
  openInPartnerCentral: "open_partner_central",
  nextPage: "list_next_page",
  showAll: "digest_show_all",
} as const;

export const VIEW = {
  reject: "invitation_reject_modal",
  details: "invitation_details_modal",
} as const;

export const COMMAND = "/partnercentral";

/** Matches every id except these, for the listeners that answer what no other listener handles. */
export function anyIdExcept(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(?!(?:${escaped.join("|")})$)`);
}

/** The Next page button's value until the message is remembered and the button can name that record. */
export const NEXT_PAGE_PLACEHOLDER = "next-page";

export interface InvitationRef {
  kind: InvitationKind;
  catalog: Catalog;
  id: string;
}

/** A button's value names the invitation it acts on: `kind:catalog:id`. */
export const invitationRefValue = (ref: InvitationRef): string => invitationKey(ref);

/**
 * Reads a button value back: the invitation, and the key of the remembered message when the button sits
 * in an ephemeral message (`kind:catalog:id|key`). Undefined for anything not well-formed.
 */
export function parseButtonValue(
  value: string | undefined,
): { ref: InvitationRef; memoryKey?: string } | undefined {
  const match =
    /^(engagement|connection):(AWS|Sandbox):([A-Za-z0-9-]{1,80})(?:\|([A-Za-z0-9_-]{1,64}))?$/.exec(
      value ?? "",
    );
  if (!match) return undefined;
  const [, kind, catalog, id, memoryKey] = match;
  if (!CATALOGS.includes(catalog as Catalog)) return undefined;
  const ref = { kind: kind as InvitationKind, catalog: catalog as Catalog, id: id as string };
  return memoryKey ? { ref, memoryKey } : { ref };
}

export function parseInvitationRef(value: string | undefined): InvitationRef | undefined {
  return parseButtonValue(value)?.ref;
}

/** The value with the message key, for buttons in an ephemeral message. */
export const taggedValue = (ref: InvitationRef, memoryKey: string): string =>
  `${invitationRefValue(ref)}|${memoryKey}`;

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
