import type { WebClient } from "@slack/web-api";
import type { LRUCache } from "lru-cache";
import { boundedCache } from "../bounded-cache.ts";
import type { Assignee } from "../partnercentral/opportunity-model.ts";

/** Someone's e-mail address from their Slack profile, or why it could not be read. */
export type EmailLookup = { email: string } | { problem: string };

/**
 * The e-mail address of a Slack user's profile (users.info), with which Partner Central names people:
 * Slack gives it only to an app with the users:read.email scope, and not for every account.
 */
export async function emailOf(client: WebClient, userId: string): Promise<EmailLookup> {
  try {
    const answer = await client.users.info({ user: userId });
    const email = answer.user?.profile?.email?.trim();
    return email ? { email } : { problem: "your Slack profile shows the app no e-mail address" };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    return {
      problem:
        code === "missing_scope"
          ? "the app may not read e-mail addresses yet: an admin adds the users:read.email scope (manifest.yml) and reinstalls it"
          : `Slack did not say what it is (${code ?? "no answer"})`,
    };
  }
}

/** Long enough that republishing the open Homes reads each viewer's profile once a while, not each time. */
const EMAIL_CACHE_MS = 5 * 60_000;
/** More people than open Homes are republished for at once. */
const EMAIL_CACHE_MAX = 1000;

/** `emailOf`, each answer kept a few minutes, as the approvers' group is. */
export function cachedEmailOf(
  clock: () => Date,
): (client: WebClient, userId: string) => Promise<EmailLookup> {
  const kept: LRUCache<string, EmailLookup> = boundedCache({
    max: EMAIL_CACHE_MAX,
    ttlMs: EMAIL_CACHE_MS,
    clock,
  });
  return async (client, userId) => {
    const known = kept.get(userId);
    if (known) return known;
    const lookup = await emailOf(client, userId);
    kept.set(userId, lookup);
    return lookup;
  };
}

/** Partner Central's limit on each of an assignee's names and title. */
const ASSIGNEE_FIELD_MAX = 80;
/** AssignOpportunity's own word for an opportunity's owner, for a Slack profile that gives no title. */
export const DEFAULT_BUSINESS_TITLE = "PartnerAccountManager";

/** Whom to assign an opportunity to, from their Slack profile, or why it cannot be read. */
export type AssigneeLookup = { assignee: Assignee } | { problem: string };

/**
 * An assignee from a Slack user's profile (users.info): the e-mail address by which Partner Central knows
 * its users, the first and last name (else the full name split, else the e-mail's name; Partner Central
 * fills names from its own user profile anyway) and the title (else AWS's word for an opportunity owner),
 * each within Partner Central's 80 characters.
 */
export async function assigneeOf(client: WebClient, userId: string): Promise<AssigneeLookup> {
  let profile: {
    email?: string;
    first_name?: string;
    last_name?: string;
    real_name?: string;
    title?: string;
  };
  try {
    profile = (await client.users.info({ user: userId })).user?.profile ?? {};
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    return { problem: `Slack did not say who <@${userId}> is (${code ?? "no answer"})` };
  }
  const email = profile.email?.trim().toLowerCase();
  if (!email) {
    return {
      problem: `Slack shows the app no e-mail address for <@${userId}>, and Partner Central knows its users by e-mail address`,
    };
  }
  const within = (text: string | undefined) => text?.trim().slice(0, ASSIGNEE_FIELD_MAX) || undefined;
  const [first, ...rest] = (profile.real_name ?? "").trim().split(/\s+/);
  const firstName = within(profile.first_name) ?? within(first) ?? within(email.split("@")[0]) ?? email;
  const lastName = within(profile.last_name) ?? within(rest.join(" ")) ?? firstName;
  return {
    assignee: {
      email,
      firstName,
      lastName,
      businessTitle: within(profile.title) ?? DEFAULT_BUSINESS_TITLE,
    },
  };
}
