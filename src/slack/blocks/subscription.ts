import type { KnownBlock } from "@slack/types";
import type { DigestOutcome, PostResult } from "../../digest/run.ts";
import type { DigestSubscription, OccurrenceRecord } from "../../store/index.ts";
import { COMMAND } from "../ids.ts";
import { dateToken, plural, safeText, zonedTime } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** How to add the bot to a private channel (its display name is in manifest.yml). */
export const INVITE_HINT = "/invite @Partner Central";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const pad = (n: string) => n.padStart(2, "0");

/** "at 09:00 on weekdays (Europe/Berlin)" for schedules `at=`/`on=` make, else the cron expression. */
export function describeSchedule(cron: string, timeZone: string): string {
  const zone = safeText(timeZone, 60);
  const simple = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5|[0-6](?:,[0-6])*)$/.exec(
    cron.trim().replace(/\s+/g, " "),
  );
  if (!simple) return `on the schedule \`${safeText(cron, 100)}\` (${zone})`;
  const [, minute = "", hour = "", days = ""] = simple;
  const when =
    days === "*"
      ? "every day"
      : days === "1-5"
        ? "on weekdays"
        : `on ${days
            .split(",")
            .map((d) => WEEKDAYS[Number(d)])
            .join(", ")}`;
  return `at ${pad(hour)}:${pad(minute)} ${when} (${zone})`;
}

function describeSubscription(subscription: DigestSubscription): string {
  const catalog = subscription.catalog === "AWS" ? "" : ` in the ${subscription.catalog} catalog`;
  const days = plural(subscription.windowDays, "day");
  const quiet = subscription.quiet ? ", and nothing when nothing expires" : "";
  return `invitations expiring within ${days}${catalog}, ${describeSchedule(subscription.cron, subscription.timezone)}${quiet}`;
}

/**
 * When the next digest comes: in the reader's own zone (Slack's date token), and as the schedule's clock
 * reads it, since the schedule was set in that zone: "tomorrow at 7:30 AM your time (Tue 08:30 Europe/Berlin)".
 */
export function nextText(next: Date | undefined, timeZone: string): string {
  if (!next) return "never (the schedule has no date ahead)";
  return `${dateToken(next)} your time (${zonedTime(next, timeZone)} ${safeText(timeZone, 60)})`;
}

function message(lines: string[], context?: string): SlackMessage {
  const text = lines.join("\n");
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text } }];
  if (context) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: context }] });
  return { text, blocks };
}

/** A direct message to the subscriber when the digest could not be posted in their channel. */
export function renderCannotPost(channelId: string): SlackMessage {
  return message([
    `:warning: I could not post the Partner Central digest in <#${channelId}>: I am not a member of that private channel. Invite me there with \`${INVITE_HINT}\`.`,
  ]);
}

/** The line everyone in the channel sees when someone subscribes it. */
export function renderSubscribedLine(args: {
  userId: string;
  subscription: DigestSubscription;
  next?: Date;
}): SlackMessage {
  return message([
    `:calendar: <@${args.userId}> subscribed this channel to the Partner Central digest: ${describeSubscription(args.subscription)}. Next one: ${nextText(args.next, args.subscription.timezone)}.`,
  ]);
}

export function renderUnsubscribedLine(userId: string): SlackMessage {
  return message([`:calendar: <@${userId}> unsubscribed this channel from the Partner Central digest.`]);
}

function cannotAnnounce(result: PostResult): string | undefined {
  if (result.posted) return undefined;
  return result.notMember
    ? `:warning: I am not a member of this private channel, so no digest can be posted here yet. Invite me with \`${INVITE_HINT}\`.`
    : `:warning: I could not post in this channel (${safeText(result.detail, 200)}), so digests may not arrive.`;
}

export function renderSubscribeAnswer(args: {
  subscription: DigestSubscription;
  next?: Date;
  replaced: boolean;
  announced: PostResult;
}): SlackMessage {
  const lines = [
    `:white_check_mark: ${args.replaced ? "Changed this channel's digest" : "Subscribed this channel to the digest"}: ${describeSubscription(args.subscription)}. Next one: ${nextText(args.next, args.subscription.timezone)}.`,
  ];
  const warning = cannotAnnounce(args.announced);
  if (warning) lines.push(warning);
  return message(
    lines,
    `Subscribe again to change it, \`${COMMAND} digest unsubscribe\` to stop it, \`${COMMAND} digest status\` for the next and last one.`,
  );
}

export function renderUnsubscribeAnswer(args: {
  removed: boolean;
  /** The configured default digest, which still comes to this channel. */
  fallback?: { subscription: DigestSubscription; next?: Date };
}): SlackMessage {
  const { fallback } = args;
  if (args.removed) {
    return message([
      fallback
        ? `:white_check_mark: This channel's own digest is stopped. The app's default digest still comes here: ${describeSubscription(fallback.subscription)}.`
        : ":white_check_mark: This channel no longer gets the digest.",
    ]);
  }
  return message([
    fallback
      ? "This channel has no subscription of its own: its digest is set in the app's configuration (`DIGEST_CHANNEL`), so whoever runs the app can stop it."
      : `This channel has no digest subscription, so there is nothing to stop. \`${COMMAND} digest subscribe\` starts one.`,
  ]);
}

const LAST_LABELS: Record<OccurrenceRecord["status"], string> = {
  posted: ":white_check_mark: posted",
  empty: ":white_check_mark: nothing expiring",
  failed: ":x: failed",
  claimed: ":hourglass_flowing_sand: being posted, or interrupted",
};

export function renderDigestStatus(args: {
  /** `fromConfig`: the default digest set by DIGEST_CHANNEL rather than a subscription made in Slack. */
  scheduled?: { subscription: DigestSubscription; next?: Date; fromConfig: boolean };
  last?: OccurrenceRecord;
}): SlackMessage {
  const { scheduled, last } = args;
  const lines: string[] = [];
  if (scheduled) {
    const { subscription } = scheduled;
    lines.push(
      `*Digest in this channel:* ${describeSubscription(subscription)}.`,
      scheduled.fromConfig
        ? "Set in the app's configuration (`DIGEST_CHANNEL`)."
        : `<@${subscription.createdBy}> subscribed it ${dateToken(subscription.createdAt)}.`,
      `*Next:* ${nextText(scheduled.next, subscription.timezone)}`,
    );
  } else {
    lines.push(
      `No digest is scheduled in this channel. \`${COMMAND} digest subscribe\` starts one; \`${COMMAND} digest now\` posts one now.`,
    );
  }
  lines.push(
    last
      ? `*Last:* ${LAST_LABELS[last.status]} · for ${dateToken(last.scheduledFor)}${last.detail ? ` · ${safeText(last.detail, 500)}` : ""}`
      : "*Last:* none yet.",
  );
  return message(lines);
}

/** The answer to `digest now`; the digest itself, or the failure notice, is in the channel. */
export function renderDigestNowAnswer(outcome: DigestOutcome): SlackMessage {
  switch (outcome.status) {
    case "skipped":
      return message([":hourglass_flowing_sand: A digest is being posted in this channel right now."]);
    case "posted":
      return message([":white_check_mark: Posted the digest in this channel."]);
    case "empty":
      return message([`:white_check_mark: ${safeText(outcome.detail, 300)}`]);
    case "failed":
      if (outcome.notMember) {
        return message([
          `:warning: I am not a member of this private channel. Invite me with \`${INVITE_HINT}\`, then try again.`,
        ]);
      }
      return message([
        outcome.ts
          ? ":x: The digest could not be built; the channel was told why."
          : `:x: The digest could not be posted: ${safeText(outcome.detail, 500)}`,
      ]);
  }
}
