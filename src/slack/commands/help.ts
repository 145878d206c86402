import type { HelpEntry } from "../blocks/feedback.ts";

/** The three most useful first (what waits, what expires, a digest for the channel), then the rest. */
export const HELP_ENTRIES: HelpEntry[] = [
  {
    usage:
      "engagements [status=pending|accepted|rejected|expired|all] [role=receiver|sender] [sender=<account>,…] [engagement=<id>,…] [payload=opportunity|lead] [sort=asc|desc]",
    description:
      "Engagement invitations (AWS referrals) waiting for your answer, the most urgent first, with Accept and a menu for the rest.",
    example: "engagements status=pending,expired sort=asc",
  },
  {
    usage: "expiring [within=N]",
    description:
      "Pending invitations you received that expire within N days, soonest first (only you see it).",
    example: "expiring within=3",
  },
  {
    usage:
      'digest subscribe [at=HH:MM] [on=weekdays|daily|mon,wed,fri] [cron="<expr>"] [tz=Area/City] [within=N] [quiet] · digest unsubscribe · digest status · digest now',
    description:
      "This channel's digest of invitations nearing expiry: subscribe (at= defaults to 09:00 and on= to weekdays; with neither, the app's schedule), stop it, see the next and last one, or post one now. Anyone in the channel may, and the channel sees who subscribed.",
    example: "digest subscribe at=08:30 on=mon,wed,fri tz=Europe/Berlin within=3",
  },
  {
    usage: "engagement <engagement-invitation-id>",
    description: "Everything about one engagement invitation: customer, project, spend, contacts.",
    example: "engagement engi-xxxxxxxxxxxxx",
    placeholderFrom: "engagements",
  },
  {
    usage:
      "opportunities [stage=open|closed|all|prospect|qualified|technical-validation|business-validation|committed|launched|closed-lost,…] [review=action-required|pending-submission|submitted|in-review|approved|rejected|all] [closing=N] [customer=<name>,…] [mine] [sort=action|closing|modified|created|customer|id]",
    description:
      "Your opportunities in Partner Central, open ones by default: those AWS asks action on first, then the ones closing soonest. `mine` keeps those you are on.",
    example: "opportunities review=action-required closing=30 mine",
  },
  {
    usage: "opportunity <opportunity-id>",
    description:
      "One opportunity: customer, project, stage, AWS's review and its comments, next steps, your team, and AWS's side (its team, involvement, next steps, insights).",
    example: "opportunity O1234567",
    placeholderFrom: "opportunities",
  },
  {
    usage:
      "invitations [status=pending|accepted|rejected|canceled|expired|all] [type=opportunity_collaboration|subsidiary] [role=sender|receiver] [participant=<id>,…]",
    description: "Connection invitations, pending by default, both sent and received.",
    example: "invitations role=receiver",
  },
  {
    usage: "invitation <connection-invitation-id>",
    description: "One connection invitation with its message and inviter.",
    example: "invitation pacinv-xxxxxxxxxxxxx",
    placeholderFrom: "invitations",
  },
  {
    usage: "connections [type=opportunity_collaboration|subsidiary] [participant=<id>,…]",
    description: "Your partner connections and the status of each connection type.",
    example: "connections type=opportunity_collaboration",
  },
  {
    usage: "connection <connection-id>",
    description: "One connection with every connection type, who invited and who canceled.",
    example: "connection pac-xxxxxxxxxxxxx",
    placeholderFrom: "connections",
  },
  {
    usage: "alerts on|off|status",
    description: "Announce new invitations in this channel as they arrive, stop, or say whether it does.",
    example: "alerts on",
  },
  {
    usage: "audit [days=N]",
    description: "Who accepted, rejected or canceled what in the last N days (default 7); approvers only.",
    example: "audit days=30",
  },
];

/** How many entries help shows first, in full, as the place to start. */
export const HELP_FIRST = 3;
