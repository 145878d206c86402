import {
  AcceptEngagementInvitationCommand,
  type EngagementInvitationSummary,
  GetEngagementInvitationCommand,
  type GetEngagementInvitationCommandOutput,
  type ListEngagementByAcceptingInvitationTaskSummary,
  type ListEngagementInvitationsCommandInput,
  type PartnerCentralSellingClient,
  paginateListEngagementByAcceptingInvitationTasks,
  paginateListEngagementInvitations,
  RejectEngagementInvitationCommand,
  StartEngagementByAcceptingInvitationTaskCommand,
} from "@aws-sdk/client-partnercentral-selling";
import { LookupCache, mapLimited } from "./cache.ts";
import { callForRequestId, callPartnerCentral, requestIdOf } from "./clients.ts";
import { type ErrorSubject, PartnerCentralError } from "./errors.ts";
import {
  type AcceptTask,
  type Catalog,
  ENGAGEMENT_INVITATION_LIFETIME_DAYS,
  type EngagementBrief,
  type EngagementInvitationDetails,
  type EngagementInvitationQuery,
  engagementExpiry,
  expectedSpendOf,
  type Invitation,
  type Page,
} from "./model.ts";
import type { PartnerNames } from "./names.ts";
import { allItems, firstPage, type PageRequest, pagesOf } from "./pages.ts";

const subject = (catalog: Catalog, id: string) => ({ what: "engagement invitation", id, catalog });

/** What an invitation is about does not change once it is sent: it is read again only after this. */
const BRIEF_TTL_MS = 12 * 3_600_000;
/** After a failed read, the row goes without it this long rather than waiting on AWS each time. */
const BRIEF_RETRY_MS = 60_000;
/** Briefs kept at most, the least recently used forgotten first. */
const MAX_BRIEFS = 2_000;
/** GetEngagementInvitation calls at once when rows need their briefs (reads are limited to 10 a second). */
const DETAILS_AT_ONCE = 4;

/** Engagement invitations (Partner Central Selling API). */
export class EngagementInvitations {
  private readonly client: PartnerCentralSellingClient;
  /** Learns each sender's company name, so connection invitations from the same partner can show it. */
  private readonly names?: PartnerNames;
  /** Customer, project and expected spend by `catalog:id`, which list summaries leave out. */
  readonly #briefs: LookupCache<EngagementBrief>;

  constructor(
    client: PartnerCentralSellingClient,
    names?: PartnerNames,
    options: { clock?: () => Date; maxBriefs?: number } = {},
  ) {
    this.client = client;
    this.names = names;
    this.#briefs = new LookupCache({
      maxEntries: options.maxBriefs ?? MAX_BRIEFS,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  listPage(query: EngagementInvitationQuery, page: PageRequest): Promise<Page<Invitation>> {
    return firstPage(this.pages(query, page));
  }

  /**
   * The invitations, each engagement invitation with its brief (customer, project, expected spend) from
   * its details, read once and kept; one whose details cannot be read now goes without.
   */
  async describe(invitations: Invitation[]): Promise<Invitation[]> {
    const wanted = invitations.filter((i) => i.kind === "engagement" && !i.brief && i.id);
    if (wanted.length === 0) return invitations;
    const key = (i: Pick<Invitation, "catalog" | "id">) => `${i.catalog}:${i.id}`;
    const briefs = await this.#briefs.getAll(wanted.map(key), (missing) =>
      mapLimited(missing, DETAILS_AT_ONCE, (k) => this.#readBrief(k)).then(() => undefined),
    );
    return invitations.map((invitation) => {
      const brief = invitation.kind === "engagement" ? briefs.get(key(invitation)) : undefined;
      return brief && !invitation.brief ? { ...invitation, brief } : invitation;
    });
  }

  async #readBrief(key: string): Promise<void> {
    const [catalog, id] = key.split(":") as [Catalog, string];
    try {
      await this.get(catalog, id);
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      this.#briefs.set(key, undefined, BRIEF_RETRY_MS);
    }
  }

  /**
   * Pending invitations we received that expire before `deadline`, a page at a time, in the fewest calls:
   * oldest first, 100 a page, stopping at the first invitation too recent to expire in time.
   */
  async *pagesExpiringBefore(
    catalog: Catalog,
    deadline: Date,
  ): AsyncGenerator<Invitation[], void, undefined> {
    const latestRelevantInvitation = deadline.getTime() - ENGAGEMENT_INVITATION_LIFETIME_DAYS * 86_400_000;
    for await (const { items } of this.#pages(pendingReceived(catalog, "ASCENDING"))) {
      const tooRecent = items.findIndex(
        (i) => i.invitedAt && i.invitedAt.getTime() > latestRelevantInvitation,
      );
      const relevant = tooRecent === -1 ? items : items.slice(0, tooRecent + 1);
      yield relevant.filter((i) => i.expiresAt && i.expiresAt.getTime() <= deadline.getTime());
      if (tooRecent !== -1) return;
    }
  }

  /** How many pending invitations we received, counted page by page. */
  async countPendingReceived(catalog: Catalog): Promise<number> {
    let count = 0;
    for await (const { items } of this.#pages(pendingReceived(catalog))) count += items.length;
    return count;
  }

  /** Every pending invitation we received, 100 a page (briefs are read with `describe` for those shown). */
  listPendingReceived(catalog: Catalog): Promise<Invitation[]> {
    return allItems(this.#pages(pendingReceived(catalog)));
  }

  /**
   * Pending invitations we received, newest first, not yet seen, up to the first page holding one `known`
   * reports as seen before: a page at a time, so the usual look costs one call. That page is read to its
   * end, since invitations sent in the same second are listed in no order of arrival.
   */
  async listPendingReceivedSince(
    catalog: Catalog,
    known: (page: Invitation[]) => Promise<Set<string>>,
  ): Promise<Invitation[]> {
    const found: Invitation[] = [];
    for await (const { items } of this.#pages(pendingReceived(catalog, "DESCENDING"))) {
      const seen = await known(items);
      found.push(...items.filter((invitation) => !seen.has(invitation.id)));
      if (seen.size > 0) break;
    }
    return this.describe(found);
  }

  /** Keeps the senders' names; returns the invitations as they are. */
  #learn<T extends Invitation>(invitations: T[]): T[] {
    for (const { catalog, role, counterpart } of invitations) {
      if (role !== "SENDER") this.names?.learn(catalog, counterpart.awsAccountId, counterpart.name);
    }
    return invitations;
  }

  /** The invitation, assumed received (see fromDetails). */
  async get(catalog: Catalog, id: string): Promise<EngagementInvitationDetails> {
    const output = await callPartnerCentral(
      "GetEngagementInvitation",
      () => this.client.send(new GetEngagementInvitationCommand({ Catalog: catalog, Identifier: id })),
      subject(catalog, id),
    );
    const details = fromDetails(output, catalog);
    this.#learn([details]);
    this.#briefs.set(`${catalog}:${id}`, details.brief, BRIEF_TTL_MS);
    return details;
  }

  /**
   * As `get`, with our side of it where what may be done with it depends on it: one we sent is among the
   * invitations we sent for its engagement, one call more; the rest we received. Unknown when AWS gave no
   * engagement to look in.
   */
  async getWithSide(catalog: Catalog, id: string): Promise<EngagementInvitationDetails> {
    const { role: _assumed, ...details } = await this.get(catalog, id);
    if (!details.engagementId) return details;
    if (!(await this.#sentByUs(catalog, details.engagementId, details.id)))
      return { ...details, role: "RECEIVER" };
    // The other side of one we sent is its receiver.
    const { alias, awsAccountId } = details.receiver ?? {};
    return { ...details, role: "SENDER", counterpart: { name: alias, awsAccountId } };
  }

  /** Whether the invitation is among those we sent for the engagement, read as listed until it is found. */
  async #sentByUs(catalog: Catalog, engagementId: string, id: string): Promise<boolean> {
    for await (const { items } of this.#pages({ catalog, role: "SENDER", engagementIds: [engagementId] })) {
      if (items.some((invitation) => invitation.id === id)) return true;
    }
    return false;
  }

  reject(catalog: Catalog, id: string, reason: string): Promise<{ requestId?: string }> {
    const input = { Catalog: catalog, Identifier: id, RejectionReason: reason };
    return callForRequestId("RejectEngagementInvitation", subject(catalog, id), () =>
      this.client.send(new RejectEngagementInvitationCommand(input)),
    );
  }

  /**
   * Accepts a lead invitation, as AWS documents for leads ("Working with your leads"): we join the
   * engagement and see the lead's contacts; there is no opportunity until the lead is converted.
   */
  acceptLead(catalog: Catalog, id: string): Promise<{ requestId?: string }> {
    const input = { Catalog: catalog, Identifier: id };
    return callForRequestId("AcceptEngagementInvitation", subject(catalog, id), () =>
      this.client.send(new AcceptEngagementInvitationCommand(input)),
    );
  }

  /** AWS's recommended way to accept: it accepts the invitation and creates the opportunity. */
  async startAccept(catalog: Catalog, id: string, clientToken: string): Promise<AcceptTask> {
    const output = await callPartnerCentral(
      "StartEngagementByAcceptingInvitationTask",
      () =>
        this.client.send(
          new StartEngagementByAcceptingInvitationTaskCommand({
            Catalog: catalog,
            Identifier: id,
            ClientToken: clientToken,
          }),
        ),
      subject(catalog, id),
    );
    return { ...fromTask(output, id), requestId: requestIdOf(output) } as AcceptTask;
  }

  async getAcceptTask(
    catalog: Catalog,
    taskId: string,
    invitationId: string,
  ): Promise<AcceptTask | undefined> {
    const task = await this.#latestTask(
      catalog,
      { TaskIdentifier: [taskId] },
      subject(catalog, invitationId),
    );
    return task && fromTask(task, invitationId);
  }

  /** The accept task started last for the invitation, if any (whoever started it). */
  async latestAcceptTask(catalog: Catalog, invitationId: string): Promise<AcceptTask | undefined> {
    const task = await this.#latestTask(
      catalog,
      { EngagementInvitationIdentifier: [invitationId] },
      subject(catalog, invitationId),
    );
    return task && fromTask(task, invitationId);
  }

  /**
   * The accept task that created this opportunity, if one did (its invitation is then `invitationId`);
   * undefined for an opportunity that came from no accepted invitation.
   */
  async acceptTaskForOpportunity(catalog: Catalog, opportunityId: string): Promise<AcceptTask | undefined> {
    const task = await this.#latestTask(
      catalog,
      { OpportunityIdentifier: [opportunityId] },
      { what: "opportunity", id: opportunityId, catalog },
    );
    return task?.EngagementInvitationId ? fromTask(task, task.EngagementInvitationId) : undefined;
  }

  /**
   * The accept task started last of those the filter names: the first of the list, newest first, read
   * past pages AWS may answer empty with a token to go on.
   */
  async #latestTask(
    catalog: Catalog,
    filter:
      | { TaskIdentifier: string[] }
      | { EngagementInvitationIdentifier: string[] }
      | { OpportunityIdentifier: string[] },
    about: ErrorSubject,
  ): Promise<ListEngagementByAcceptingInvitationTaskSummary | undefined> {
    const input = {
      Catalog: catalog,
      ...filter,
      Sort: { SortBy: "StartTime", SortOrder: "DESCENDING" },
    } as const;
    const pages = pagesOf(
      "ListEngagementByAcceptingInvitationTasks",
      { maxResults: 1 },
      (config) => paginateListEngagementByAcceptingInvitationTasks({ client: this.client, ...config }, input),
      (output) => output.TaskSummaries ?? [],
      about,
    );
    for await (const { items } of pages) if (items[0]) return items[0];
    return undefined;
  }

  /** The pages of invitations from `page` on (all, 100 a page, without one), each with their briefs. */
  async *pages(query: EngagementInvitationQuery, page?: PageRequest): AsyncGenerator<Page<Invitation>> {
    for await (const { items, nextToken } of this.#pages(query, page)) {
      yield { items: await this.describe(items), ...(nextToken ? { nextToken } : {}) };
    }
  }

  /** The pages as AWS lists them, senders' names learned. */
  #pages(query: EngagementInvitationQuery, page?: PageRequest): AsyncIterable<Page<Invitation>> {
    return pagesOf(
      "ListEngagementInvitations",
      page,
      (config) => paginateListEngagementInvitations({ client: this.client, ...config }, listInput(query)),
      (output) => this.#learn((output.EngagementInvitationSummaries ?? []).map((s) => fromSummary(s, query))),
    );
  }
}

function pendingReceived(
  catalog: Catalog,
  sort?: EngagementInvitationQuery["sort"],
): EngagementInvitationQuery {
  return { catalog, role: "RECEIVER", statuses: ["PENDING"], ...(sort ? { sort } : {}) };
}

function listInput(query: EngagementInvitationQuery): ListEngagementInvitationsCommandInput {
  return {
    Catalog: query.catalog,
    ParticipantType: query.role,
    ...(query.statuses?.length
      ? { Status: query.statuses as ListEngagementInvitationsCommandInput["Status"] }
      : {}),
    ...(query.senderAccountIds?.length ? { SenderAwsAccountId: query.senderAccountIds } : {}),
    ...(query.engagementIds?.length ? { EngagementIdentifier: query.engagementIds } : {}),
    ...(query.payloadTypes?.length ? { PayloadType: query.payloadTypes } : {}),
    ...(query.sort ? { Sort: { SortBy: "InvitationDate", SortOrder: query.sort } } : {}),
  };
}

type SummaryLike = Pick<
  EngagementInvitationSummary,
  | "Id"
  | "Arn"
  | "EngagementTitle"
  | "EngagementId"
  | "Status"
  | "InvitationDate"
  | "ExpirationDate"
  | "SenderAwsAccountId"
  | "SenderCompanyName"
  | "Receiver"
  | "PayloadType"
> & { ParticipantType?: string };

/**
 * What the request fixed: AWS may leave a summary's Status or ParticipantType out, and then the item is
 * what the request asked for, if it asked for exactly one; otherwise it stays unknown.
 */
type Asked = Pick<EngagementInvitationQuery, "catalog" | "role" | "statuses">;

function fromSummary(s: SummaryLike, asked: Asked): Invitation {
  const role = s.ParticipantType ?? asked.role;
  const status = s.Status ?? (asked.statuses?.length === 1 ? asked.statuses[0] : undefined);
  const receiver = s.Receiver?.Account;
  // The other side: the receiver of what we sent, otherwise the sender (whose invitation it is).
  const counterpart =
    role === "SENDER"
      ? { name: receiver?.Alias, awsAccountId: receiver?.AwsAccountId }
      : { name: s.SenderCompanyName, awsAccountId: s.SenderAwsAccountId };
  return {
    kind: "engagement",
    id: s.Id ?? "",
    catalog: asked.catalog,
    ...(s.Arn ? { arn: s.Arn } : {}),
    title: s.EngagementTitle?.trim() || "Untitled engagement",
    counterpart,
    ...(role ? { role } : {}),
    ...(status ? { status } : {}),
    ...(s.InvitationDate ? { invitedAt: s.InvitationDate } : {}),
    ...engagementExpiry(s.InvitationDate, s.ExpirationDate),
    ...(s.PayloadType ? { payloadType: s.PayloadType } : {}),
    ...(s.EngagementId ? { engagementId: s.EngagementId } : {}),
  };
}

function fromDetails(o: GetEngagementInvitationCommandOutput, catalog: Catalog): EngagementInvitationDetails {
  const opportunity = o.Payload?.OpportunityInvitation;
  const lead = o.Payload?.LeadInvitation;
  const customer = opportunity?.Customer ?? lead?.Customer;
  const project = opportunity?.Project;
  const expectedSpend = expectedSpendOf(project?.ExpectedCustomerSpend);
  return {
    // GetEngagementInvitation does not say our side: the partners that receive engagement invitations are
    // who AWS shares them with, so that is assumed here (getWithSide looks).
    ...fromSummary(o, { catalog, role: "RECEIVER" }),
    kind: "engagement",
    ...(o.InvitationMessage ? { message: o.InvitationMessage } : {}),
    ...(o.EngagementDescription ? { description: o.EngagementDescription } : {}),
    ...(o.RejectionReason ? { rejectionReason: o.RejectionReason } : {}),
    ...(o.Receiver?.Account
      ? { receiver: { alias: o.Receiver.Account.Alias, awsAccountId: o.Receiver.Account.AwsAccountId } }
      : {}),
    ...(customer
      ? {
          customer: {
            companyName: customer.CompanyName,
            industry: customer.Industry,
            countryCode: customer.CountryCode,
            websiteUrl: customer.WebsiteUrl,
            ...(lead?.Customer?.MarketSegment ? { marketSegment: lead.Customer.MarketSegment } : {}),
          },
        }
      : {}),
    ...(project || lead
      ? {
          project: {
            title: project?.Title,
            businessProblem: project?.BusinessProblem ?? lead?.Interaction?.Usecase,
            targetCompletionDate: project?.TargetCompletionDate,
            expectedSpend,
          },
        }
      : {}),
    brief: {
      ...(customer?.CompanyName?.trim() ? { customerName: customer.CompanyName.trim() } : {}),
      ...(project?.Title?.trim() ? { projectTitle: project.Title.trim() } : {}),
      expectedSpend,
    },
    senderContacts: (opportunity?.SenderContacts ?? []).map((c) => ({
      name: [c.FirstName, c.LastName].filter(Boolean).join(" ") || undefined,
      email: c.Email,
      title: c.BusinessTitle,
      phone: c.Phone,
    })),
    existingMembers: (o.ExistingMembers ?? []).map((m) => ({
      companyName: m.CompanyName,
      websiteUrl: m.WebsiteUrl,
    })),
    receiverResponsibilities: opportunity?.ReceiverResponsibilities ?? [],
  };
}

function fromTask(
  t: {
    TaskId?: string;
    TaskStatus?: string;
    StartTime?: Date;
    OpportunityId?: string;
    Message?: string;
    ReasonCode?: string;
    EngagementInvitationId?: string;
  },
  invitationId: string,
): AcceptTask {
  return {
    taskId: t.TaskId ?? "",
    invitationId: t.EngagementInvitationId ?? invitationId,
    status: t.TaskStatus ?? "IN_PROGRESS",
    ...(t.StartTime ? { startedAt: t.StartTime } : {}),
    ...(t.OpportunityId ? { opportunityId: t.OpportunityId } : {}),
    ...(t.Message ? { message: t.Message } : {}),
    ...(t.ReasonCode ? { reasonCode: t.ReasonCode } : {}),
  };
}
