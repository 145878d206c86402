import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from "@slack/types";
import type { ListedOpportunity } from "../../opportunities/list.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import {
  type AwsOpportunitySummary,
  CLOSED_STAGES,
  type NextStep,
  type Opportunity,
  type OpportunityDetails,
  type Person,
  personName,
  whyNextStepsLocked,
} from "../../partnercentral/opportunity-model.ts";
import { ACTION, opportunityActionValue, opportunityRefValue } from "../ids.ts";
import { contactLine, expectedSpendText, fieldsSection, textSection, titled } from "./details.ts";
import { type ListPage, listTop, navigation, pageContext } from "./lists.ts";
import { opportunityName, viewOpportunityButton } from "./opportunity-ref.ts";
import { countryName, dateToken, dayToken, plural, safeLine, safeText, webLink } from "./text.ts";
import type { SlackMessage, Viewer } from "./types.ts";

/**
 * Where an opportunity opens in Partner Central, which now lives in the AWS console (us-east-1 only). AWS
 * documents no deep link; this form, the console's opportunities page followed by the id, is the one
 * integrations use. For the Sandbox catalog the opportunities page itself.
 */
export const CONSOLE_OPPORTUNITIES_URL =
  "https://us-east-1.console.aws.amazon.com/partnercentral/opportunities";

export function opportunityConsoleUrl(catalog: Catalog, id: string): string {
  return catalog === "AWS"
    ? `${CONSOLE_OPPORTUNITIES_URL}/${encodeURIComponent(id)}`
    : CONSOLE_OPPORTUNITIES_URL;
}

const REVIEW_EMOJI: Record<string, string> = {
  "Action Required": ":warning:",
  Rejected: ":x:",
  Approved: ":white_check_mark:",
  "In review": ":mag:",
  Submitted: ":outbox_tray:",
  "Pending Submission": ":pencil2:",
};

/** AWS's review status with its emoji; one from a newer model as AWS wrote it. */
export function reviewStatusLabel(status: string): string {
  return `${REVIEW_EMOJI[status] ?? ":grey_question:"} ${safeLine(status, 60)}`;
}

const STAGE_EMOJI: Record<string, string> = {
  Launched: ":rocket:",
  "Closed Lost": ":heavy_multiplication_x:",
};

export function stageLabel(stage: string): string {
  const emoji = STAGE_EMOJI[stage];
  return `${emoji ? `${emoji} ` : ""}${safeLine(stage, 60)}`;
}

const DAY_MS = 86_400_000;

/**
 * "closes Mar 3, 2027 (in 12 days)", "closed …" once closed, or "(3 days overdue)" for an open deal whose
 * date has passed. Days are counted in UTC, as AWS writes them.
 */
export function closeText(day: string, stage: string | undefined, now: Date): string {
  const closed = stage !== undefined && (CLOSED_STAGES as readonly string[]).includes(stage);
  const at = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(at) || closed) return `${closed ? "closed" : "closes"} ${dayToken(day)}`;
  const days = Math.round((at - Date.parse(now.toISOString().slice(0, 10))) / DAY_MS);
  const when =
    days === 0 ? "today" : days > 0 ? `in ${plural(days, "day")}` : `${plural(-days, "day")} overdue`;
  return `closes ${dayToken(day)} (${days < 0 ? `:alarm_clock: ${when}` : when})`;
}

const isDetailed = (o: ListedOpportunity): o is Opportunity => "project" in o;

/** The one who owns it: the team member titled OpportunityOwner, else the first. */
export function ownerOf(opportunity: Opportunity): Person | undefined {
  return opportunity.team.find((p) => p.title === "OpportunityOwner") ?? opportunity.team[0];
}

function personText(person: Person): string {
  return contactLine({
    ...(personName(person) ? { name: personName(person) } : { name: person.email }),
    ...(person.title ? { title: person.title } : {}),
    ...(person.email && personName(person) ? { email: person.email } : {}),
    ...(person.phone ? { phone: person.phone } : {}),
  });
}

/** What a list row is called: the project, else the customer, else the id. */
function nameOf(o: ListedOpportunity): string {
  return (isDetailed(o) ? o.project.title : undefined) ?? o.customer?.companyName ?? o.id;
}

/** What the reviewers asked, quoted, for a status that waits on the team. */
function reviewQuote(o: ListedOpportunity, max: number): string | undefined {
  const comments = o.lifeCycle.reviewComments;
  if (!comments) return undefined;
  return `> ${safeLine(comments, max)}`;
}

/** One opportunity as a list row: what it is, where it stands, who owns it, what AWS asks. */
export function opportunityRow(o: ListedOpportunity, now: Date): KnownBlock[] {
  const life = o.lifeCycle;
  const owner = isDetailed(o) ? ownerOf(o) : undefined;
  const ownerName = owner ? (personName(owner) ?? owner.email) : undefined;
  const spend = expectedSpendText(o.expectedSpend.slice(0, 1));
  const customer = isDetailed(o) && o.project.title ? o.customer?.companyName : undefined;
  const lines = [
    `*${safeLine(nameOf(o), 200)}*${customer ? ` · ${safeLine(customer, 120)}` : ""}`,
    [
      life.reviewStatus && reviewStatusLabel(life.reviewStatus),
      life.stage && stageLabel(life.stage),
      life.targetCloseDate && closeText(life.targetCloseDate, life.stage, now),
      spend || undefined,
    ]
      .filter(Boolean)
      .join(" · "),
    [ownerName ? `Owner ${safeLine(ownerName, 100)}` : undefined, `\`${safeLine(o.id, 40)}\``]
      .filter(Boolean)
      .join(" · "),
    life.reviewStatus === "Action Required" || life.reviewStatus === "Rejected"
      ? reviewQuote(o, 300)
      : undefined,
  ].filter((line): line is string => Boolean(line));
  return [
    { type: "divider" },
    {
      type: "section",
      block_id: `opp:${o.catalog}:${o.id}`,
      text: { type: "mrkdwn", text: lines.join("\n") },
      accessory: viewOpportunityButton(o, "View"),
    },
  ];
}

export function renderOpportunityList(args: {
  filter: string;
  opportunities: ListedOpportunity[];
  page: ListPage;
  now: Date;
}): SlackMessage {
  const { filter, opportunities, page, now } = args;
  const heading = "Opportunities";
  const context = pageContext(heading, filter, opportunities.length, page);
  const blocks = listTop(heading, context, page, [], opportunities.length);
  for (const o of opportunities) blocks.push(...opportunityRow(o, now));
  blocks.push(...navigation(page));
  const lines = opportunities.slice(0, 5).map((o) => `• ${safeLine(nameOf(o), 80)} (${safeLine(o.id, 40)})`);
  return { text: [safeText(context, 500), ...lines].join("\n"), blocks };
}

function historyText(current: string | undefined, history: NextStep[], max: number): string | undefined {
  const earlier = history.filter((h, i) => !(i === 0 && h.value === current)).slice(0, max);
  const lines = [
    ...(current ? [safeText(current, 600)] : []),
    ...earlier.map((h) => `• ${safeLine(h.value, 250)} · ${dateToken(h.at)}`),
  ];
  return lines.length ? lines.join("\n") : undefined;
}

function mrkdwnSection(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** AWS's roles (AwsTeamMember.BusinessTitle) in words; one from a newer model as AWS wrote it. */
const AWS_ROLES: Record<string, string> = {
  AWSSalesRep: "Sales rep",
  AWSAccountOwner: "Account owner",
  PDM: "Partner development manager (PDM)",
  PSM: "Partner solutions manager (PSM)",
  WWPSPDM: "Public sector PDM",
  ISVSM: "ISV success manager",
};

function awsSide(aws: AwsOpportunitySummary): KnownBlock[] {
  const team = aws.team
    .slice(0, 10)
    .map(
      (p) =>
        `*${safeLine(p.title ? (AWS_ROLES[p.title] ?? p.title) : "AWS", 80)}:* ${personText({ ...p, title: undefined })}`,
    )
    .join("\n");
  const involvement = aws.involvementType
    ? `${safeLine(aws.involvementType, 60)}${aws.involvementTypeChangeReason ? ` (${safeLine(aws.involvementTypeChangeReason, 80)})` : ""}`
    : undefined;
  const nextSteps = historyText(aws.lifeCycle.nextSteps, aws.nextStepsHistory, 3);
  const insights = aws.insights;
  return [
    { type: "header", text: { type: "plain_text", text: "AWS's side" } },
    ...fieldsSection([
      ["Origin", aws.origin && safeLine(aws.origin, 60)],
      ["Involvement", involvement],
      ["Visibility", aws.visibility && safeLine(aws.visibility, 40)],
      ["AWS stage", aws.lifeCycle.stage && stageLabel(aws.lifeCycle.stage)],
      ["AWS target close", aws.lifeCycle.targetCloseDate && dayToken(aws.lifeCycle.targetCloseDate)],
      ["Engagement score", insights?.engagementScore && safeLine(insights.engagementScore, 40)],
      [
        "Closed lost because",
        aws.lifeCycle.closedLostReason && safeLine(aws.lifeCycle.closedLostReason, 100),
      ],
    ]),
    ...(team ? [mrkdwnSection(`*AWS team*\n${team}`)] : []),
    ...(nextSteps ? [mrkdwnSection(`*AWS's next steps*\n${nextSteps}`)] : []),
    ...textSection("Next best actions (AWS's insight)", insights?.nextBestActions, 1500),
  ];
}

/** What approvers may do to opportunities, as refusals and the details name it ("Only … can assign …"). */
export const OPPORTUNITY_ACTS = { verb: "assign", what: "opportunities or change their next steps" } as const;

/** The key under which the app records where an opportunity's details are shown, to redraw them. */
export const opportunityPlaceKey = (o: { catalog: Catalog; id: string }): string =>
  `opportunity:${o.catalog}:${o.id}`;

const ACTIONS_PREFIX = "oppact:";

/** The opportunities whose details the blocks show, as place keys. */
export function opportunityKeysIn(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((b) =>
    b.block_id?.startsWith(ACTIONS_PREFIX) ? [`opportunity:${b.block_id.slice(ACTIONS_PREFIX.length)}`] : [],
  );
}

/** Whether details were drawn for someone who may act on them (they carry the approvers' buttons). */
export function drawnForApprover(blocks: readonly KnownBlock[]): boolean {
  return blocks.some(
    (b) =>
      b.type === "actions" &&
      b.elements.some((e) => "action_id" in e && e.action_id === ACTION.assignOpportunity),
  );
}

/** An approver's buttons: Assign to me (confirmed), Assign…, and Update next steps… where AWS allows it. */
function approverButtons(o: Opportunity, title: string): Button[] {
  const value = opportunityActionValue(o);
  const buttons: Button[] = [
    {
      type: "button",
      action_id: ACTION.assignToMe,
      text: { type: "plain_text", text: "Assign to me" },
      style: "primary",
      value,
      confirm: {
        title: { type: "plain_text", text: "Assign it to you?" },
        text: {
          type: "mrkdwn",
          text: `Partner Central makes you the owner of *${safeLine(title, 120)}*, with the name, e-mail address and title of your Slack profile.`,
        },
        confirm: { type: "plain_text", text: "Assign to me" },
        deny: { type: "plain_text", text: "Not now" },
      },
    },
    {
      type: "button",
      action_id: ACTION.assignOpportunity,
      text: { type: "plain_text", text: "Assign…" },
      value,
    },
  ];
  if (!whyNextStepsLocked(o.lifeCycle.reviewStatus)) {
    buttons.push({
      type: "button",
      action_id: ACTION.updateNextSteps,
      text: { type: "plain_text", text: "Update next steps…" },
      value,
    });
  }
  return buttons;
}

function contextLine(text: string): ContextBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

/** The actions at the foot of the details: the approver's, and Partner Central's page for everyone. */
function detailActions(o: Opportunity, title: string, viewer: Viewer | undefined): KnownBlock[] {
  const locked = whyNextStepsLocked(o.lifeCycle.reviewStatus);
  const actions: ActionsBlock = {
    type: "actions",
    block_id: `${ACTIONS_PREFIX}${o.catalog}:${o.id}`,
    elements: [
      ...(viewer?.mayAct ? approverButtons(o, title) : []),
      {
        type: "button",
        action_id: ACTION.openInPartnerCentral,
        text: { type: "plain_text", text: "View in Partner Central" },
        url: opportunityConsoleUrl(o.catalog, o.id),
        // Its value names the opportunity, so the answer is remembered and redrawn when it changes.
        value: opportunityRefValue(o),
      },
    ],
  };
  if (!viewer) return [actions];
  if (!viewer.mayAct) return [contextLine(`:lock: ${viewer.approversText}`), actions];
  return locked ? [contextLine(`Its next steps cannot be changed now: ${locked}.`), actions] : [actions];
}

/**
 * One opportunity with AWS's side: customer and project, stage and target close, AWS's review with the
 * reviewers' comments, next steps and their history, our team, and AWS's team, involvement, next steps
 * and insights. What AWS leaves out is not shown. An approver gets Assign to me, Assign… and Update next
 * steps…; anyone else a line naming who may act.
 */
export function renderOpportunityDetails(
  details: OpportunityDetails,
  now: Date,
  viewer?: Viewer,
): SlackMessage {
  const { opportunity: o, aws, awsError } = details;
  const life = o.lifeCycle;
  const customer = o.customer;
  const customerText = customer
    ? [
        safeText(customer.companyName, 120, "Unnamed customer"),
        customer.industry &&
          safeLine(
            customer.industry === "Other" ? (customer.otherIndustry ?? "Other") : customer.industry,
            80,
          ),
        customer.address?.countryCode && countryName(customer.address.countryCode),
        customer.websiteUrl && webLink(customer.websiteUrl),
      ]
        .filter(Boolean)
        .join(" · ")
    : undefined;
  const title = opportunityName({ id: o.id, title: o.project.title, customer: customer?.companyName });
  const context = [
    `Opportunity \`${safeLine(o.id, 40)}\` · ${o.catalog} catalog`,
    o.partnerOpportunityId ? `your CRM id \`${safeLine(o.partnerOpportunityId, 64)}\`` : undefined,
    o.createdAt ? `created ${dateToken(o.createdAt)}` : undefined,
    o.lastModifiedAt ? `updated ${dateToken(o.lastModifiedAt)}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const review =
    life.reviewStatus || life.reviewComments
      ? [
          `*AWS's review:* ${life.reviewStatus ? reviewStatusLabel(life.reviewStatus) : "—"}${life.reviewStatusReason ? ` · ${safeLine(life.reviewStatusReason, 150)}` : ""}`,
          life.reviewComments ? `> ${safeText(life.reviewComments, 1500).replace(/\n/g, "\n> ")}` : undefined,
        ]
          .filter(Boolean)
          .join("\n")
      : undefined;
  const nextSteps = historyText(life.nextSteps, o.nextStepsHistory, 5);
  const team = o.team.slice(0, 10).map(personText).join("\n");
  const blocks: KnownBlock[] = [
    ...titled(title, context),
    ...(review ? [mrkdwnSection(review)] : []),
    ...fieldsSection([
      ["Customer", customerText],
      ["Project", o.project.title && customer?.companyName ? safeText(o.project.title, 300) : undefined],
      ["Stage", life.stage && stageLabel(life.stage)],
      ["Target close", life.targetCloseDate && closeText(life.targetCloseDate, life.stage, now)],
      ["Expected spend", expectedSpendText(o.expectedSpend) || undefined],
      ["Opportunity type", o.opportunityType && safeLine(o.opportunityType, 60)],
      ["Contract", o.contractDuration && safeLine(o.contractDuration, 40)],
      ["Delivery", o.deliveryModels.length ? safeLine(o.deliveryModels.join(", "), 200) : undefined],
      [
        "Needs from AWS",
        o.primaryNeedsFromAws.length ? safeLine(o.primaryNeedsFromAws.join(", "), 300) : undefined,
      ],
      ["Closed lost because", life.closedLostReason && safeLine(life.closedLostReason, 100)],
    ]),
    ...textSection("Business problem", o.project.businessProblem, 1500),
    ...(nextSteps ? [mrkdwnSection(`*Next steps*\n${nextSteps}`)] : []),
    ...(team ? [mrkdwnSection(`*Your team*\n${team}`)] : []),
    ...(aws ? awsSide(aws) : []),
    ...(awsError
      ? [
          {
            type: "context" as const,
            elements: [
              {
                type: "mrkdwn" as const,
                text: `:warning: AWS's side could not be read: ${safeText(awsError, 500)}`,
              },
            ],
          },
        ]
      : []),
    ...detailActions(o, title, viewer),
  ];
  const status = life.reviewStatus ? ` (${safeLine(life.reviewStatus, 40)})` : "";
  return { text: `Opportunity ${safeLine(o.id, 40)}: ${safeText(title, 200)}${status}`, blocks };
}
