/**
 * Where "Partner Central" buttons go. AWS documents Partner Central's home in the AWS console, and no
 * address for a single engagement invitation, connection invitation, connection or opportunity, so the
 * link says that it opens the home page, and Details say how to find the item there.
 */
export const PARTNER_CENTRAL_LINK = {
  url: "https://us-east-1.console.aws.amazon.com/partnercentral/home",
  label: "Open Partner Central home",
} as const;

/** The line under a Details' button: where it goes, and the id to look for there (already mrkdwn-safe). */
export function partnerCentralHint(what: string, idCode: string): string {
  return `The button opens Partner Central's home page in the AWS console, which has no link to a single ${what}: find it there by its id ${idCode}.`;
}
