import { CATALOGS, type Catalog, type InvitationKind, invitationKey } from "../partnercentral/model.ts";

/** Action and callback ids, shared by the renderers that create them and the listeners that handle them. */
export const ACTION = {
  accept: "invitation_accept",
  reject: "invitation_reject",
  cancel: "invitation_cancel",
  details: "invitation_details",
  connectionDetails: "connection_details",
  openInPartnerCentral: "open_partner_central",
  /** An invitation's overflow menu; each option stands for one of the buttons above (see menuValue). */
  more: "invitation_more",
  nextPage: "list_next_page",
  previousPage: "list_previous_page",
  showAll: "digest_show_all",
  /** A help button: runs the command its value names, as if typed (see help.ts's quick starts). */
  runCommand: "help_run_command",
  /** Opens an opportunity's details; its value is `catalog:id` (opportunityRefValue). */
  viewOpportunity: "opportunity_view",
  /** A colleague asks the approvers to decide an invitation; its value is askValue's. */
  askApprover: "invitation_ask_approver",
  /**
   * An approver's actions on an opportunity they see; each value is `catalog:id:ms`, the LastModifiedDate
   * shown (opportunityActionValue), so a double click is one action on what was seen.
   */
  assignToMe: "opportunity_assign_me",
  assignOpportunity: "opportunity_assign",
  updateNextSteps: "opportunity_next_steps",
} as const;

export const VIEW = {
  reject: "invitation_reject_modal",
  details: "invitation_details_modal",
  assignOpportunity: "opportunity_assign_modal",
  nextSteps: "opportunity_next_steps_modal",
} as const;

export const COMMAND = "/partnercentral";

/** Matches every id except these, for the listeners that answer what no other listener handles. */
export function anyIdExcept(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(?!(?:${escaped.join("|")})$)`);
}

/**
 * The Previous and Next page buttons' value until the message is remembered and the buttons can name
 * that record, which holds both pages' requests.
 */
export const PAGE_KEY_PLACEHOLDER = "page-key";

export interface InvitationRef {
  kind: InvitationKind;
  catalog: Catalog;
  id: string;
}

/** A button's value names the invitation it acts on: `kind:catalog:id`. */
export const invitationRefValue = (ref: InvitationRef): string => invitationKey(ref);

/**
 * An overflow option stands for a button: its value is that button's action id and value, so choosing it
 * is handled, and checked against the message, as a click on that button.
 */
export const menuValue = (actionId: string, value: string): string => `${actionId} ${value}`;

export function parseMenuValue(value: string | undefined): { actionId: string; value: string } | undefined {
  const match = /^([a-z_]{1,64}) (\S{1,200})$/.exec(value ?? "");
  return match ? { actionId: match[1] as string, value: match[2] as string } : undefined;
}

/** The key of a remembered record (a message, a reject form), as the store makes them. */
const KEY = "[A-Za-z0-9_-]{1,64}";

/** A whole value that can be a remembered record's key: what a page button, a form's metadata carries. */
export const MEMORY_KEY = new RegExp(`^${KEY}$`);

/**
 * In an ephemeral message every control's value also names the remembered message (`value|key`), since
 * Slack leaves the message out of the click.
 */
export const taggedValue = (value: string, memoryKey: string): string => `${value}|${memoryKey}`;

const TAGGED = new RegExp(`^(.*)\\|(${KEY})$`, "s");

/** A value without its message key, and the key when it has one. */
export function untag(value: string | undefined): { value: string; memoryKey?: string } {
  const match = TAGGED.exec(value ?? "");
  return match ? { value: match[1] as string, memoryKey: match[2] as string } : { value: value ?? "" };
}

/** The invitation a button's value names (`kind:catalog:id`); undefined for anything not well-formed. */
export function parseInvitationRef(value: string | undefined): InvitationRef | undefined {
  const match = /^(engagement|connection):(AWS|Sandbox):([A-Za-z0-9-]{1,80})$/.exec(untag(value).value);
  if (!match) return undefined;
  const [, kind, catalog, id] = match;
  if (!CATALOGS.includes(catalog as Catalog)) return undefined;
  return { kind: kind as InvitationKind, catalog: catalog as Catalog, id: id as string };
}

/** The channel message whose thread a colleague's request goes to, when the button is not in that message. */
export interface AskOrigin {
  channelId: string;
  ts: string;
}

/** An Ask an approver button's value: the invitation, and the message whose thread to ask in (`@channel:ts`). */
export const askValue = (ref: InvitationRef, origin?: AskOrigin): string =>
  `${invitationRefValue(ref)}${origin ? `@${origin.channelId}:${origin.ts}` : ""}`;

export function parseAskValue(
  value: string | undefined,
): { ref: InvitationRef; origin?: AskOrigin } | undefined {
  const match = /^([^@|]+)(?:@([A-Z0-9]{1,30}):(\d{1,12}\.\d{1,8}))?$/.exec(untag(value).value);
  const ref = match ? parseInvitationRef(match[1]) : undefined;
  if (!match || !ref) return undefined;
  const [, , channelId, ts] = match;
  return channelId && ts ? { ref, origin: { channelId, ts } } : { ref };
}

/** How an invitation's row (its summary) and its buttons' block ids start; the invitation's key follows. */
export const BLOCK_PREFIX = { summary: "inv:", actions: "act:" } as const;

/** Block ids carry the invitation so an outcome can replace exactly that invitation's buttons. */
export const blockIds = {
  summary: (ref: InvitationRef) => `${BLOCK_PREFIX.summary}${invitationKey(ref)}`,
  actions: (ref: InvitationRef) => `${BLOCK_PREFIX.actions}${invitationKey(ref)}`,
};

/** A connection's Details button carries `catalog:id`. */
export const connectionRefValue = (connection: { catalog: Catalog; id: string }): string =>
  `${connection.catalog}:${connection.id}`;

export function parseConnectionRef(value: string | undefined): { catalog: Catalog; id: string } | undefined {
  const match = /^(AWS|Sandbox):([A-Za-z0-9-]{1,80})$/.exec(untag(value).value);
  if (!match) return undefined;
  return { catalog: match[1] as Catalog, id: match[2] as string };
}

/** A View opportunity control carries `catalog:id`. */
export const opportunityRefValue = (opportunity: { catalog: Catalog; id: string }): string =>
  `${opportunity.catalog}:${opportunity.id}`;

export function parseOpportunityRef(value: string | undefined): { catalog: Catalog; id: string } | undefined {
  const match = /^(AWS|Sandbox):(O[0-9]{1,19})$/.exec(untag(value).value);
  return match ? { catalog: match[1] as Catalog, id: match[2] as string } : undefined;
}

/** An approver's action on an opportunity carries `catalog:id:ms`: what it acts on, as of when it was shown. */
export const opportunityActionValue = (opportunity: {
  catalog: Catalog;
  id: string;
  lastModifiedAt?: Date;
}): string => `${opportunityRefValue(opportunity)}:${opportunity.lastModifiedAt?.getTime() ?? 0}`;

export function parseOpportunityAction(
  value: string | undefined,
): { catalog: Catalog; id: string; seenModifiedAt?: Date } | undefined {
  const match = /^(AWS|Sandbox):(O[0-9]{1,19}):([0-9]{1,15})$/.exec(untag(value).value);
  if (!match) return undefined;
  const ms = Number(match[3]);
  return {
    catalog: match[1] as Catalog,
    id: match[2] as string,
    ...(ms > 0 ? { seenModifiedAt: new Date(ms) } : {}),
  };
}
