import { type Api, ErrorFactory } from "./errors.ts";
import { OpportunityOperations } from "./opportunities.ts";
import { InvalidNextToken, paginate, queryFingerprint, type SortKey } from "./pagination.ts";
import { ids } from "./random.ts";
import { ACCOUNT_SPECS, SELLING_SPECS } from "./specs.ts";
import {
  arns,
  CATALOGS,
  type Catalog,
  type Connection,
  type ConnectionInvitation,
  type ConnectionType,
  type EmulatorState,
  type EngagementByAcceptingInvitationTask,
  type EngagementInvitation,
  type Participant,
  type PartnerCentralChange,
} from "./state.ts";
import { type FieldProblem, type FieldSpec, validateInput } from "./validate.ts";

type Input = Record<string, unknown>;
type Handler = (input: Input) => unknown;

export interface ServiceOptions {
  now: () => Date;
  taskCompletionMs: number;
  /** The most items any List operation returns in one page, even when MaxResults asks for more. */
  maxPageSize?: number;
  /**
   * Told of every invitation that arrives or leaves PENDING and every opportunity created or changed, to
   * publish the event AWS would.
   */
  onChange?: (change: PartnerCentralChange) => void;
}

const selling = new ErrorFactory("selling");
const account = new ErrorFactory("account");

function errorsOf(api: Api): ErrorFactory {
  return api === "selling" ? selling : account;
}

const lastSegment = (identifier: string) => identifier.slice(identifier.lastIndexOf("/") + 1);
const time = (d: Date) => d.getTime();
const strings = (value: unknown) => (Array.isArray(value) ? (value as string[]) : undefined);

function sortOrder(input: Input): boolean {
  const sort = input.Sort as { SortOrder?: string } | undefined;
  // Newest first unless asked otherwise; the service does not document its default order.
  return sort?.SortOrder !== "ASCENDING";
}

/** The Partner Central operations the emulator serves, over an in-memory state. */
export class PartnerCentralService {
  private readonly idempotency = new Map<string, { fingerprint: string; response: unknown }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextTaskFailure: { reasonCode: string; message: string } | undefined;
  /** Tasks kept IN_PROGRESS until released, with how each would end; undefined while tasks run on time. */
  private held: Array<() => void> | undefined;
  taskCompletionMs: number;

  readonly opportunities: OpportunityOperations;

  readonly operations: Record<Api, Record<string, Handler>> = {
    selling: {
      ListOpportunities: (i) => this.opportunities.handlers.ListOpportunities(i),
      GetOpportunity: (i) => this.opportunities.handlers.GetOpportunity(i),
      GetAwsOpportunitySummary: (i) => this.opportunities.handlers.GetAwsOpportunitySummary(i),
      AssignOpportunity: (i) => this.opportunities.handlers.AssignOpportunity(i),
      UpdateOpportunity: (i) => this.opportunities.handlers.UpdateOpportunity(i),
      ListEngagementInvitations: (i) => this.listEngagementInvitations(i),
      GetEngagementInvitation: (i) => this.getEngagementInvitation(i),
      AcceptEngagementInvitation: (i) => this.acceptEngagementInvitation(i),
      RejectEngagementInvitation: (i) => this.rejectEngagementInvitation(i),
      StartEngagementByAcceptingInvitationTask: (i) => this.startEngagementByAcceptingInvitationTask(i),
      ListEngagementByAcceptingInvitationTasks: (i) => this.listEngagementByAcceptingInvitationTasks(i),
    },
    account: {
      ListConnections: (i) => this.listConnections(i),
      GetConnection: (i) => this.getConnection(i),
      ListConnectionInvitations: (i) => this.listConnectionInvitations(i),
      GetConnectionInvitation: (i) => this.getConnectionInvitation(i),
      AcceptConnectionInvitation: (i) => this.acceptConnectionInvitation(i),
      RejectConnectionInvitation: (i) => this.rejectConnectionInvitation(i),
      CancelConnectionInvitation: (i) => this.cancelConnectionInvitation(i),
    },
  };

  readonly state: EmulatorState;
  private readonly options: ServiceOptions;

  constructor(state: EmulatorState, options: ServiceOptions) {
    this.state = state;
    this.options = options;
    this.taskCompletionMs = options.taskCompletionMs;
    this.opportunities = new OpportunityOperations(state, state.rng, {
      now: options.now,
      pageRequest: (input) => this.pageRequest(input),
      changed: (change) => this.changed(change),
    });
  }

  /** Which page a List operation asked for, and how long the service lets it be. */
  private pageRequest(input: Input) {
    return {
      maxResults: input.MaxResults as number | undefined,
      maxPageSize: this.options.maxPageSize,
      nextToken: input.NextToken as string | undefined,
    };
  }

  hasOperation(api: Api, operation: string): boolean {
    return Object.hasOwn(this.operations[api], operation);
  }

  /** Validates and runs one operation; throws ServiceError (or TypeMismatch for wrongly typed JSON). */
  invoke(api: Api, operation: string, input: Input): unknown {
    const specs: Record<string, FieldSpec> | undefined = (api === "selling" ? SELLING_SPECS : ACCOUNT_SPECS)[
      operation
    ];
    const handler = this.operations[api][operation];
    if (!specs || !handler) throw new Error(`No operation ${api}.${operation}`);
    const problems = validateInput(input, specs);
    if (!problems.some((p) => p.field === "Catalog") && !CATALOGS.includes(input.Catalog as Catalog)) {
      problems.push({ field: "Catalog", code: "INVALID_VALUE", message: "Catalog must be AWS or Sandbox." });
    }
    if (problems.length > 0) throw errorsOf(api).validation(problems);
    this.expireDue();
    try {
      return handler(input);
    } catch (err) {
      if (err instanceof InvalidNextToken) {
        const problem: FieldProblem = { field: "NextToken", code: "INVALID_VALUE", message: err.message };
        throw errorsOf(api).validation([problem], err.message);
      }
      throw err;
    }
  }

  /** Expires what is due, as Partner Central does on its own. */
  expireDue(): void {
    for (const change of this.state.expireDue(this.options.now())) this.changed(change);
  }

  changed(change: PartnerCentralChange): void {
    this.options.onChange?.(change);
  }

  failNextTask(reasonCode: string, message: string): void {
    this.nextTaskFailure = { reasonCode, message };
  }

  /** Tasks started from now on stay IN_PROGRESS until `releaseTasks`. */
  holdTasks(): void {
    this.held ??= [];
  }

  /** Ends every held task as it would have ended, and lets later tasks run on time again. */
  releaseTasks(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const finish of held) finish();
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** A repeat with the same ClientToken returns the first response; a different request with it conflicts. */
  private idempotent(api: Api, operation: string, input: Input, run: () => unknown): unknown {
    const token = input.ClientToken;
    if (typeof token !== "string") return run();
    const key = JSON.stringify([api, operation, input.Catalog, token]);
    const { ClientToken: _, ...rest } = input;
    const fingerprint = queryFingerprint(rest);
    const prior = this.idempotency.get(key);
    if (prior) {
      if (prior.fingerprint !== fingerprint) {
        throw errorsOf(api).byName(
          "ConflictException",
          "The ClientToken was already used with different request parameters.",
          "CONFLICT_CLIENT_TOKEN",
        );
      }
      return prior.response;
    }
    const response = run();
    // Snapshot now: later state changes must not leak into the replayed response.
    this.idempotency.set(key, { fingerprint, response: JSON.parse(JSON.stringify(response)) });
    return response;
  }

  // ---- Selling: engagement invitations -------------------------------------------------------

  private findEngagementInvitation(input: Input): EngagementInvitation {
    const identifier = input.Identifier as string;
    const invitation = this.state.engagementInvitations.get(lastSegment(identifier));
    if (
      !invitation ||
      invitation.Catalog !== input.Catalog ||
      (identifier.startsWith("arn:") && invitation.Arn !== identifier)
    ) {
      throw selling.byName(
        "ResourceNotFoundException",
        `Engagement invitation ${identifier} was not found in catalog ${String(input.Catalog)}.`,
      );
    }
    return invitation;
  }

  /** Only the receiver may respond, and only while the invitation is pending. */
  private assertRespondable(invitation: EngagementInvitation, action: string): void {
    if (invitation.ParticipantType !== "RECEIVER") {
      throw selling.byName(
        "AccessDeniedException",
        `Only the receiver of engagement invitation ${invitation.Id} can ${action} it.`,
      );
    }
    if (invitation.Status !== "PENDING") {
      throw selling.byName(
        "ConflictException",
        `Engagement invitation ${invitation.Id} is ${invitation.Status}; only PENDING invitations can be ${action}ed.`,
      );
    }
    for (const task of this.state.tasks.values()) {
      if (task.EngagementInvitationId === invitation.Id && task.TaskStatus === "IN_PROGRESS") {
        throw selling.byName(
          "ConflictException",
          `Engagement invitation ${invitation.Id} is already being accepted by task ${task.TaskId}.`,
        );
      }
    }
  }

  private engagementInvitationSummary(inv: EngagementInvitation) {
    return {
      Arn: inv.Arn,
      PayloadType: inv.PayloadType,
      Id: inv.Id,
      EngagementId: inv.EngagementId,
      EngagementTitle: inv.EngagementTitle,
      Status: inv.Status,
      InvitationDate: inv.InvitationDate,
      ExpirationDate: inv.ExpirationDate,
      SenderAwsAccountId: inv.SenderAwsAccountId,
      SenderCompanyName: inv.SenderCompanyName,
      Receiver: inv.Receiver,
      Catalog: inv.Catalog,
      ParticipantType: inv.ParticipantType,
    };
  }

  private listEngagementInvitations(input: Input) {
    const statuses = strings(input.Status);
    const payloadTypes = strings(input.PayloadType);
    const engagements = strings(input.EngagementIdentifier)?.map(lastSegment);
    const senders = strings(input.SenderAwsAccountId);
    const matches = [...this.state.engagementInvitations.values()].filter(
      (inv) =>
        inv.Catalog === input.Catalog &&
        inv.ParticipantType === input.ParticipantType &&
        (!statuses || statuses.includes(inv.Status)) &&
        (!payloadTypes || payloadTypes.includes(inv.PayloadType)) &&
        (!engagements || engagements.includes(inv.EngagementId)) &&
        (!senders || senders.includes(inv.SenderAwsAccountId)),
    );
    const descending = sortOrder(input);
    const { page, nextToken } = paginate(matches, (inv): SortKey => [time(inv.InvitationDate), inv.Id], {
      descending,
      ...this.pageRequest(input),
      fingerprint: queryFingerprint([
        "ListEngagementInvitations",
        input.Catalog,
        input.ParticipantType,
        statuses,
        payloadTypes,
        engagements,
        senders,
        descending,
      ]),
    });
    return {
      EngagementInvitationSummaries: page.map((inv) => this.engagementInvitationSummary(inv)),
      NextToken: nextToken,
    };
  }

  private getEngagementInvitation(input: Input) {
    const inv = this.findEngagementInvitation(input);
    const { ParticipantType: _, ...summary } = this.engagementInvitationSummary(inv);
    return {
      ...summary,
      RejectionReason: inv.RejectionReason,
      Payload: inv.Payload,
      InvitationMessage: inv.InvitationMessage,
      EngagementDescription: inv.EngagementDescription,
      ExistingMembers: inv.ExistingMembers,
    };
  }

  private acceptEngagementInvitation(input: Input) {
    const inv = this.findEngagementInvitation(input);
    this.assertRespondable(inv, "accept");
    inv.Status = "ACCEPTED";
    this.changed({ kind: "engagement", invitation: inv });
    return {};
  }

  private rejectEngagementInvitation(input: Input) {
    const inv = this.findEngagementInvitation(input);
    this.assertRespondable(inv, "reject");
    inv.Status = "REJECTED";
    if (typeof input.RejectionReason === "string") inv.RejectionReason = input.RejectionReason;
    this.changed({ kind: "engagement", invitation: inv });
    return {};
  }

  // ---- Selling: accept-invitation tasks --------------------------------------------------------

  private taskView(task: EngagementByAcceptingInvitationTask) {
    return {
      TaskId: task.TaskId,
      TaskArn: task.TaskArn,
      StartTime: task.StartTime,
      TaskStatus: task.TaskStatus,
      Message: task.Message,
      ReasonCode: task.ReasonCode,
      OpportunityId: task.OpportunityId,
      ResourceSnapshotJobId: task.ResourceSnapshotJobId,
      EngagementInvitationId: task.EngagementInvitationId,
    };
  }

  private startEngagementByAcceptingInvitationTask(input: Input) {
    return this.idempotent("selling", "StartEngagementByAcceptingInvitationTask", input, () => {
      const inv = this.findEngagementInvitation(input);
      this.assertRespondable(inv, "accept");
      const catalog = inv.Catalog;
      const taskId = this.state.newId("task");
      const task: EngagementByAcceptingInvitationTask = {
        Catalog: catalog,
        TaskId: taskId,
        TaskArn: arns.task(this.state.accountId, catalog, taskId),
        StartTime: this.options.now(),
        TaskStatus: "IN_PROGRESS",
        EngagementInvitationId: inv.Id,
      };
      this.state.tasks.set(taskId, task);
      const failure = this.nextTaskFailure;
      this.nextTaskFailure = undefined;
      if (this.held) {
        this.held.push(() => this.finishTask(task, failure));
        return this.taskView(task);
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.finishTask(task, failure);
      }, this.taskCompletionMs);
      this.timers.add(timer);
      return this.taskView(task);
    });
  }

  private finishTask(
    task: EngagementByAcceptingInvitationTask,
    failure: { reasonCode: string; message: string } | undefined,
  ): void {
    const inv = this.state.engagementInvitations.get(task.EngagementInvitationId);
    this.expireDue();
    if (!failure && inv?.Status !== "PENDING") {
      failure = {
        reasonCode: "EngagementInvitationConflict",
        message: `Engagement invitation ${task.EngagementInvitationId} is no longer PENDING.`,
      };
    }
    if (failure || !inv) {
      task.TaskStatus = "FAILED";
      task.ReasonCode = failure?.reasonCode;
      task.Message = failure?.message;
      return;
    }
    inv.Status = "ACCEPTED";
    this.changed({ kind: "engagement", invitation: inv });
    task.TaskStatus = "COMPLETE";
    task.OpportunityId = this.opportunities.createFromInvitation(inv).Id;
    task.ResourceSnapshotJobId = ids.resourceSnapshotJob(this.state.rng);
  }

  private listEngagementByAcceptingInvitationTasks(input: Input) {
    const statuses = strings(input.TaskStatus);
    const taskIds = strings(input.TaskIdentifier)?.map(lastSegment);
    const invitationIds = strings(input.EngagementInvitationIdentifier)?.map(lastSegment);
    const opportunityIds = strings(input.OpportunityIdentifier)?.map(lastSegment);
    const matches = [...this.state.tasks.values()].filter(
      (task) =>
        task.Catalog === input.Catalog &&
        (!statuses || statuses.includes(task.TaskStatus)) &&
        (!taskIds || taskIds.includes(task.TaskId)) &&
        (!invitationIds || invitationIds.includes(task.EngagementInvitationId)) &&
        (!opportunityIds ||
          (task.OpportunityId !== undefined && opportunityIds.includes(task.OpportunityId))),
    );
    const descending = sortOrder(input);
    const { page, nextToken } = paginate(matches, (task): SortKey => [time(task.StartTime), task.TaskId], {
      descending,
      ...this.pageRequest(input),
      fingerprint: queryFingerprint([
        "ListEngagementByAcceptingInvitationTasks",
        input.Catalog,
        statuses,
        taskIds,
        invitationIds,
        opportunityIds,
        descending,
      ]),
    });
    return { TaskSummaries: page.map((task) => this.taskView(task)), NextToken: nextToken };
  }

  // ---- Account: connection invitations ----------------------------------------------------------

  private findConnectionInvitation(input: Input): ConnectionInvitation {
    const invitation = this.state.connectionInvitations.get(input.Identifier as string);
    if (!invitation || invitation.Catalog !== input.Catalog) {
      throw account.byName(
        "ResourceNotFoundException",
        `Connection invitation ${String(input.Identifier)} was not found in catalog ${String(input.Catalog)}.`,
        "CONNECTION_INVITATION_NOT_FOUND",
      );
    }
    return invitation;
  }

  private assertPending(invitation: ConnectionInvitation): void {
    if (invitation.Status !== "PENDING") {
      throw account.byName(
        "ConflictException",
        `Connection invitation ${invitation.Id} is ${invitation.Status}; only PENDING invitations can be changed.`,
        "INCOMPATIBLE_CONNECTION_INVITATION_STATE",
      );
    }
  }

  private assertReceiver(invitation: ConnectionInvitation): void {
    if (invitation.ParticipantType !== "RECEIVER") {
      throw account.byName(
        "ConflictException",
        `Connection invitation ${invitation.Id} was sent by this account; only its receiver can respond.`,
        "INCOMPATIBLE_CONNECTION_INVITATION_RECEIVER",
      );
    }
  }

  private connectionInvitationSummary(inv: ConnectionInvitation) {
    return {
      Catalog: inv.Catalog,
      Id: inv.Id,
      Arn: inv.Arn,
      ConnectionId: inv.ConnectionId,
      ConnectionType: inv.ConnectionType,
      CreatedAt: inv.CreatedAt,
      UpdatedAt: inv.UpdatedAt,
      ExpiresAt: inv.ExpiresAt,
      OtherParticipantIdentifier: inv.OtherParticipantIdentifier,
      ParticipantType: inv.ParticipantType,
      Status: inv.Status,
    };
  }

  private connectionInvitationView(inv: ConnectionInvitation) {
    return {
      ...this.connectionInvitationSummary(inv),
      InvitationMessage: inv.InvitationMessage,
      InviterEmail: inv.InviterEmail,
      InviterName: inv.InviterName,
    };
  }

  private listConnectionInvitations(input: Input) {
    const others = strings(input.OtherParticipantIdentifiers);
    const matches = [...this.state.connectionInvitations.values()].filter(
      (inv) =>
        inv.Catalog === input.Catalog &&
        (input.ConnectionType === undefined || inv.ConnectionType === input.ConnectionType) &&
        (input.ParticipantType === undefined || inv.ParticipantType === input.ParticipantType) &&
        (input.Status === undefined || inv.Status === input.Status) &&
        (!others || others.length === 0 || others.includes(inv.OtherParticipantIdentifier)),
    );
    // Newest first; the service does not document its order.
    const { page, nextToken } = paginate(matches, (inv): SortKey => [time(inv.CreatedAt), inv.Id], {
      descending: true,
      ...this.pageRequest(input),
      fingerprint: queryFingerprint([
        "ListConnectionInvitations",
        input.Catalog,
        input.ConnectionType,
        input.ParticipantType,
        input.Status,
        others,
      ]),
    });
    return {
      ConnectionInvitationSummaries: page.map((inv) => this.connectionInvitationSummary(inv)),
      NextToken: nextToken,
    };
  }

  private getConnectionInvitation(input: Input) {
    return this.connectionInvitationView(this.findConnectionInvitation(input));
  }

  private participantFor(accountId: string): Participant {
    const partner = this.state.partners.get(accountId);
    return partner
      ? { PartnerProfile: { Id: partner.PartnerProfileId, Name: partner.CompanyName } }
      : { Account: { Name: accountId } };
  }

  private acceptConnectionInvitation(input: Input) {
    return this.idempotent("account", "AcceptConnectionInvitation", input, () => {
      const inv = this.findConnectionInvitation(input);
      this.assertReceiver(inv);
      this.assertPending(inv);
      const now = this.options.now();
      let connection = [...this.state.connections.values()].find(
        (c) => c.Catalog === inv.Catalog && c.OtherParticipantAccountId === inv.OtherParticipantIdentifier,
      );
      if (!connection) {
        const id = this.state.newId("connection");
        connection = {
          Catalog: inv.Catalog,
          Id: id,
          Arn: arns.connection(inv.Catalog, id),
          OtherParticipantAccountId: inv.OtherParticipantIdentifier,
          UpdatedAt: now,
          ConnectionTypes: {},
        };
        this.state.connections.set(id, connection);
      }
      connection.ConnectionTypes[inv.ConnectionType] = {
        CreatedAt: now,
        InviterEmail: inv.InviterEmail,
        InviterName: inv.InviterName,
        Status: "ACTIVE",
        OtherParticipant: this.participantFor(inv.OtherParticipantIdentifier),
      };
      connection.UpdatedAt = now;
      inv.Status = "ACCEPTED";
      inv.UpdatedAt = now;
      inv.ConnectionId = connection.Id;
      this.changed({ kind: "connection", invitation: inv, connection });
      return { Connection: this.connectionView(connection) };
    });
  }

  private rejectConnectionInvitation(input: Input) {
    return this.idempotent("account", "RejectConnectionInvitation", input, () => {
      const inv = this.findConnectionInvitation(input);
      this.assertReceiver(inv);
      this.assertPending(inv);
      inv.Status = "REJECTED";
      inv.UpdatedAt = this.options.now();
      this.changed({ kind: "connection", invitation: inv });
      return this.connectionInvitationView(inv);
    });
  }

  private cancelConnectionInvitation(input: Input) {
    return this.idempotent("account", "CancelConnectionInvitation", input, () => {
      const inv = this.findConnectionInvitation(input);
      if (inv.ParticipantType !== "SENDER") {
        throw account.businessValidation(
          "INCOMPATIBLE_CONNECTION_INVITATION_REQUEST",
          `Connection invitation ${inv.Id} was received by this account; only its sender can cancel it.`,
        );
      }
      this.assertPending(inv);
      inv.Status = "CANCELED";
      inv.UpdatedAt = this.options.now();
      this.changed({ kind: "connection", invitation: inv });
      return this.connectionInvitationView(inv);
    });
  }

  // ---- Account: connections -------------------------------------------------------------------------

  private connectionView(c: Connection) {
    return {
      Catalog: c.Catalog,
      Id: c.Id,
      Arn: c.Arn,
      OtherParticipantAccountId: c.OtherParticipantAccountId,
      UpdatedAt: c.UpdatedAt,
      ConnectionTypes: c.ConnectionTypes,
    };
  }

  private listConnections(input: Input) {
    const others = strings(input.OtherParticipantIdentifiers);
    const [type, typeStatus] =
      typeof input.ConnectionType === "string" ? input.ConnectionType.split(":") : [];
    const matches = [...this.state.connections.values()].filter((c) => {
      if (c.Catalog !== input.Catalog) return false;
      if (type !== undefined) {
        const detail = c.ConnectionTypes[type as ConnectionType];
        if (!detail || (typeStatus !== undefined && detail.Status !== typeStatus.toUpperCase())) return false;
      }
      if (!others || others.length === 0) return true;
      const identifiers = [
        c.OtherParticipantAccountId,
        ...Object.values(c.ConnectionTypes).map(participantId),
      ];
      return identifiers.some((id) => id !== undefined && others.includes(id));
    });
    const { page, nextToken } = paginate(matches, (c): SortKey => [connectedSince(c), c.Id], {
      descending: true,
      ...this.pageRequest(input),
      fingerprint: queryFingerprint(["ListConnections", input.Catalog, input.ConnectionType, others]),
    });
    return {
      ConnectionSummaries: page.map((c) => ({
        ...this.connectionView(c),
        ConnectionTypes: Object.fromEntries(
          Object.entries(c.ConnectionTypes).map(([k, d]) => [
            k,
            { Status: d.Status, OtherParticipant: d.OtherParticipant },
          ]),
        ),
      })),
      NextToken: nextToken,
    };
  }

  private getConnection(input: Input) {
    const connection = this.state.connections.get(input.Identifier as string);
    if (!connection || connection.Catalog !== input.Catalog) {
      throw account.byName(
        "ResourceNotFoundException",
        `Connection ${String(input.Identifier)} was not found in catalog ${String(input.Catalog)}.`,
        "CONNECTION_NOT_FOUND",
      );
    }
    return this.connectionView(connection);
  }
}

function participantId(detail: { OtherParticipant: Participant }): string | undefined {
  const p = detail.OtherParticipant;
  if ("PartnerProfile" in p) return p.PartnerProfile.Id;
  if ("SellerProfile" in p) return p.SellerProfile.Id;
  return undefined;
}

/** Connections are listed by when they were first established, which never changes, so paging stays stable. */
function connectedSince(c: Connection): number {
  const created = Object.values(c.ConnectionTypes).map((d) => d.CreatedAt.getTime());
  return created.length > 0 ? Math.min(...created) : c.UpdatedAt.getTime();
}
