import { type Counterpart, ID_FORMATS, type Invitation } from "./model.ts";

/*
 * How people name what Partner Central holds, in plain text, the same on every screen and in the audit
 * log: renderers escape and format it, the domain stores it.
 */

/**
 * An id where no name is known, saying what it is: "AWS account 123456789012", "partner profile
 * pprofile-…", plain text (escape it before use in mrkdwn).
 */
export function labelledId(id: string): string {
  if (ID_FORMATS.awsAccount.pattern.test(id)) return `AWS account ${id}`;
  if (/^pprofile-/i.test(id)) return `partner profile ${id}`;
  if (/^sprofile-/i.test(id)) return `seller profile ${id}`;
  return `participant ${id}`;
}

/** The other side as plain text: its name, else its labelled id, else that it is unnamed. */
export function partnerPlain(counterpart: Counterpart): string {
  const id = counterpart.awsAccountId ?? counterpart.identifier;
  return counterpart.name?.trim() || (id ? labelledId(id) : "an unnamed partner");
}

/**
 * What an invitation is, in a few words, the same everywhere (rows, confirmations, forms, Details, audit):
 * an engagement invitation by its customer and project, a connection invitation by its partner and type.
 * Plain text pieces: `lead` in bold in rows, `rest` after it.
 */
export function invitationName(invitation: Invitation): { lead: string; rest?: string } {
  if (invitation.kind === "engagement") {
    const customer = invitation.brief?.customerName?.trim();
    const project = invitation.brief?.projectTitle?.trim() || invitation.title;
    return customer ? { lead: customer, rest: project } : { lead: project };
  }
  return { lead: partnerPlain(invitation.counterpart), rest: invitation.title };
}

/** The invitation's name as plain text, for notifications and fallback text. */
export function invitationPlainName(invitation: Invitation): string {
  const { lead, rest } = invitationName(invitation);
  return rest ? `${lead} · ${rest}` : lead;
}
