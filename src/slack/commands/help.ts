import type { HelpTopic, QuickStart } from "../blocks/feedback.ts";

/**
 * `help`: the three most useful commands, each with an example and a button that runs it (or, for the
 * digest, that shows its topic, since subscribing changes the channel for everyone).
 */
export const QUICK_STARTS: QuickStart[] = [
  {
    title: "Engagement invitations waiting for you",
    example: "engagements",
    description: "AWS referrals nobody has answered yet, the most urgent first, with Accept and Reject.",
    button: { text: "List them", run: "engagements" },
  },
  {
    title: "What expires soon",
    example: "expiring within=3",
    description: "Invitations of both kinds that expire within 3 days, soonest first.",
    button: { text: "Show what expires", run: "expiring within=3" },
  },
  {
    title: "A daily digest in this channel",
    example: "digest subscribe at=09:00 tz=Europe/Berlin",
    description: "Every weekday at 9:00, what expires soon, posted here for the whole channel.",
    button: { text: "How digests work", run: "help digest" },
    homeTitle: "A daily digest in one of your channels",
  },
];

/** `help <topic>`: every subcommand, grouped with the one that shows a single item of its list. */
export const HELP_TOPICS: HelpTopic[] = [
  {
    topic: "engagements",
    subcommands: ["engagements", "engagement"],
    summary:
      "Engagement invitations: AWS referrals and other partners' invitations to an opportunity or lead.",
    usage: [
      "engagements [status=pending|accepted|rejected|expired|all] [role=receiver|sender] [sender=<account>,…] [engagement=<id>,…] [payload=opportunity|lead] [sort=asc|desc]",
      "engagement <engagement-invitation-id>",
    ],
    details: [
      "`engagements` lists pending invitations you received by default, soonest to expire first; any other filter lists newest first. 10 a page.",
      "`engagement` shows one in full: customer, project, business problem, expected spend, contacts, members.",
    ],
    examples: ["engagements status=pending,expired sort=asc", "engagement engi-xxxxxxxxxxxxx"],
    placeholderFrom: "engagements",
  },
  {
    topic: "invitations",
    subcommands: ["invitations", "invitation"],
    summary: "Connection invitations: partners asking to connect with you, and the ones you sent.",
    usage: [
      "invitations [status=pending|accepted|rejected|canceled|expired|all] [type=opportunity_collaboration|subsidiary] [role=sender|receiver] [participant=<id>,…]",
      "invitation <connection-invitation-id>",
    ],
    details: [
      "`invitations` lists pending ones by default, both sent and received; received ones soonest to expire first.",
      "`invitation` shows one with its message and who sent it.",
    ],
    examples: ["invitations role=receiver", "invitation pacinv-xxxxxxxxxxxxx"],
    placeholderFrom: "invitations",
  },
  {
    topic: "connections",
    subcommands: ["connections", "connection"],
    summary: "Your partner connections and the status of each connection type.",
    usage: [
      "connections [type=opportunity_collaboration|subsidiary] [participant=<id>,…]",
      "connection <connection-id>",
    ],
    details: [
      "`connection` shows every connection type of one connection, who sent its invitation and who canceled.",
    ],
    examples: ["connections type=opportunity_collaboration", "connection pac-xxxxxxxxxxxxx"],
    placeholderFrom: "connections",
  },
  {
    topic: "opportunities",
    subcommands: ["opportunities", "opportunity"],
    summary:
      "Your opportunities in Partner Central, open ones by default: those AWS asks action on first, then the ones closing soonest.",
    usage: [
      "opportunities [stage=open|closed|all|prospect|qualified|technical-validation|business-validation|committed|launched|closed-lost,…] [review=action-required|pending-submission|submitted|in-review|approved|rejected|all,…] [closing=N] [customer=<name>,…] [mine] [sort=action|closing|modified|created|customer|id]",
      "opportunity <opportunity-id>",
    ],
    details: [
      "`closing=N`: target close within N days, or passed; `customer=` takes exact company names (quote names with spaces); `mine`: those whose team has the e-mail address of your Slack profile.",
      "`opportunity` shows one: customer, project, stage, AWS's review and its comments, next steps, your team, and AWS's side (its team, involvement, next steps, insights).",
      "Approvers can *Assign to me*, *Assign…* to someone else (by their Slack profile's e-mail address, which must be a Partner Central user's) and *Update next steps…* from it. What AWS changes (its review, the stage, its next steps) is posted in the alert channel, in the thread of the invitation's alert when there is one.",
    ],
    examples: ["opportunities review=action-required closing=30 mine", "opportunity O1234567"],
    placeholderFrom: "opportunities",
  },
  {
    topic: "expiring",
    subcommands: ["expiring"],
    summary: "Pending invitations you received that expire soon, soonest first; only you see the answer.",
    usage: ["expiring [within=N]"],
    details: ["`within` is a number of days from 1 to 15; without it, the digest's window."],
    examples: ["expiring within=3"],
  },
  {
    topic: "digest",
    subcommands: ["digest"],
    summary:
      "This channel's digest of invitations nearing expiry. Anyone in the channel may set it up, change or stop it, and the channel sees who did.",
    usage: [
      'digest subscribe [at=HH:MM] [on=weekdays|daily|mon,wed,fri] [cron="<expr>"] [tz=Area/City] [within=N] [quiet]',
      "digest unsubscribe",
      "digest status",
      "digest now",
    ],
    details: [
      "`at=` defaults to 09:00 and `on=` to weekdays; with neither (nor `cron=`), the app's schedule. `tz=` defaults to the app's time zone, `within=` to its window; `quiet` posts nothing when nothing expires. Subscribing again changes it.",
      "`status` says when the next one comes and how the last one went; `now` posts one at once.",
    ],
    examples: ["digest subscribe at=08:30 on=mon,wed,fri tz=Europe/Berlin within=3", "digest status"],
  },
  {
    topic: "alerts",
    subcommands: ["alerts"],
    summary: "New invitations announced in this channel as they arrive.",
    usage: [
      "alerts on [kind=engagement|connection] [payload=opportunity|lead]",
      "alerts off",
      "alerts status",
    ],
    details: [
      "`kind=` takes only engagement or only connection invitations; `payload=` only engagement invitations that are leads, or only those for opportunities. `alerts on` alone takes them all again.",
      "Anyone in the channel may switch them or change what they take; the channel sees who did. `status` says what the channel takes.",
    ],
    examples: ["alerts on kind=engagement payload=lead", "alerts status"],
  },
  {
    topic: "audit",
    subcommands: ["audit"],
    summary:
      "Who accepted, rejected or canceled what, and who assigned an opportunity or changed its next steps, newest first; approvers only.",
    usage: ["audit [days=N]"],
    details: ["`days` from 1 to 90; 7 without it."],
    examples: ["audit days=30"],
  },
];

/** The topic covering a subcommand, in any case; undefined for anything else. */
export function helpTopic(word: string): HelpTopic | undefined {
  const lower = word.toLowerCase();
  return HELP_TOPICS.find((t) => t.subcommands.includes(lower));
}

/** What the help's buttons may run: exactly the commands its quick starts name, nothing a value could forge. */
export function quickStartCommand(value: string | undefined): string | undefined {
  return QUICK_STARTS.find((q) => q.button.run === value)?.button.run;
}
