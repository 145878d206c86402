import type { WebClient } from "@slack/web-api";

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
