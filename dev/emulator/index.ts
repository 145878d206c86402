/**
 * A local AWS Partner Central emulator for the Selling (engagement invitations, opportunities) and Account
 * (connections) APIs. It speaks AWS JSON 1.0 like the real service, so the AWS SDK v3 clients work against
 * it unchanged when AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING / _ACCOUNT point at `Emulator.url`. Its events
 * arrive on an SQS queue served at the same URL (`Emulator.queueUrl`), as an EventBridge rule delivers them.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Api, ModeledErrorName, ServiceError } from "./errors.ts";
import { ErrorFactory } from "./errors.ts";
import { eventFor } from "./events.ts";
import { seedOpportunities } from "./opportunity-data.ts";
import { createRng } from "./random.ts";
import { buildState, DataFactory, DEFAULT_SEED, type SeedOptions } from "./seed.ts";
import { type CallRecord, createEmulatorServer } from "./server.ts";
import { PartnerCentralService } from "./service.ts";
import { Queue, SqsService } from "./sqs.ts";
import {
  arns,
  type Connection,
  type ConnectionInvitation,
  type ContactRecord,
  type EmulatorState,
  type EngagementInvitation,
  type OpportunityRecord,
} from "./state.ts";

export type { EventBridgeEvent } from "./events.ts";
export { DEFAULT_PAGE_SIZE } from "./pagination.ts";
export { DEFAULT_SEED, type SeedOptions } from "./seed.ts";
export { type CallRecord, NEW_INVITATION_PATH, REQUEST_ACTION_PATH } from "./server.ts";
export type { Queue } from "./sqs.ts";
export type * from "./state.ts";
export { EmulatorState } from "./state.ts";

export type FaultName = ModeledErrorName;
export type RateFaultName = "ThrottlingException" | "InternalServerException";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Clock for seeding, expiry and state transitions. */
  now?: () => Date;
  /** Sample data; `false` starts empty (our own account still exists). */
  seed?: SeedOptions | false;
  /** Added to every response. */
  latencyMs?: number;
  /** How long StartEngagementByAcceptingInvitationTask tasks stay IN_PROGRESS (default 100 ms). */
  taskCompletionMs?: number;
  /**
   * The most items any List operation returns in one page, with a NextToken for the rest, even when
   * MaxResults asks for more: AWS may return short pages, and clients must follow NextToken.
   */
  maxPageSize?: number;
  /**
   * Our partner organisation's Partner Central users (AssignOpportunity takes only these); the sample
   * data makes owners of them. Without any, the sample data makes up three.
   */
  partnerUsers?: ContactRecord[];
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:45123, for AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING/_ACCOUNT. */
  readonly url: string;
  /** Our partner account's 12-digit AWS account id. */
  readonly accountId: string;
  close(): Promise<void>;
  /** Latency for one operation, or for all operations without an override when `operation` is omitted. */
  setLatency(ms: number, operation?: string): void;
  /** Fail the next `times` (default 1) calls of `operation` ("*" = any operation) with `error`. */
  injectFault(operation: string, error: FaultName, times?: number): void;
  /** Fail this fraction of all calls with `error`, drawn from a seeded PRNG so runs repeat; 0 turns it off. */
  setFaultRate(error: RateFaultName, rate: number): void;
  /** The next accept-invitation task ends FAILED with this ReasonCode and Message. */
  failNextTask(reasonCode?: string, message?: string): void;
  setTaskCompletionMs(ms: number): void;
  /** Accept-invitation tasks started from now on stay IN_PROGRESS, however long, until `releaseTasks`. */
  holdTasks(): void;
  /** Ends the held tasks (COMPLETE, or as `failNextTask` said) and lets later ones run on time. */
  releaseTasks(): void;
  readonly calls: ReadonlyArray<CallRecord>;
  resetCalls(): void;
  /**
   * A new PENDING opportunity invitation received now (expiring in 15 days) unless `partial` says otherwise;
   * a lead invitation's payload with `PayloadType: "LeadInvitation"`.
   */
  addEngagementInvitation(partial?: Partial<EngagementInvitation>): EngagementInvitation;
  /** A new PENDING invitation received now unless `partial` says otherwise. */
  addConnectionInvitation(partial?: Partial<ConnectionInvitation>): ConnectionInvitation;
  /** A connection with a new partner and an ACTIVE OPPORTUNITY_COLLABORATION type, unless `partial` says otherwise. */
  addConnection(partial?: Partial<Connection>): Connection;
  /**
   * An approved, qualified opportunity with AWS's side, unless `partial` says otherwise; state only, no
   * event (remove its AWS side from `state.awsSummaries` for one AWS has not taken up).
   */
  addOpportunity(partial?: Partial<OpportunityRecord>): OpportunityRecord;
  /**
   * AWS's reviewers ask for action: the opportunity (by default one AWS is reviewing or has approved)
   * becomes Action Required with their comments, and "Opportunity Updated" goes to the events queue.
   */
  requestActionOnOpportunity(id?: string, request?: { comments: string; reason: string }): OpportunityRecord;
  /** AWS changes its next steps on an opportunity, announced with "Opportunity Updated". */
  updateAwsNextSteps(id: string, nextSteps: string): void;
  /** Someone becomes a Partner Central user of our partner account (AssignOpportunity takes only those). */
  addPartnerUser(user: ContactRecord & { Email: string }): void;
  /**
   * Like `addEngagementInvitation`, and Partner Central announces it: an "Engagement Invitation Created"
   * event goes to the events queue. (`add…` only sets up state and publishes nothing.)
   */
  newEngagementInvitation(partial?: Partial<EngagementInvitation>): EngagementInvitation;
  /** Like `addConnectionInvitation`, with a "Partner Connection Invitation Received" event. */
  newConnectionInvitation(partial?: Partial<ConnectionInvitation>): ConnectionInvitation;
  /**
   * Accepts or rejects a pending invitation we received as someone would in Partner Central's console,
   * outside the app (no call is recorded): its event goes to the events queue. Throws as the API would.
   */
  decideInConsole(invitation: { Id: string; Catalog: string }, decision: "accept" | "reject"): void;
  /**
   * The SQS queue (EVENTS_QUEUE_URL) that gets the event AWS would publish for every invitation that
   * arrives or is accepted, rejected, cancelled or expires here, as an EventBridge rule delivers it. It is
   * served on `url` over SQS's JSON protocol, so AWS_ENDPOINT_URL_SQS=`url` or this URL alone reaches it.
   */
  readonly queueUrl: string;
  /** The events queue and the dead-letter queue it hands a message to after 5 receives. */
  readonly queues: { events: Queue; deadLetter: Queue };
  /** Live state; tests may read and change records directly. */
  readonly state: EmulatorState;
}

const DEFAULT_TASK_COMPLETION_MS = 100;
/** Invitations expire on time, with their event, even while nobody calls. */
const EXPIRY_CHECK_MS = 1_000;
export const EVENTS_QUEUE_NAME = "partner-central-events";
/** As deploy/events.yaml sets it up. */
const MAX_RECEIVE_COUNT = 5;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? (() => new Date());
  const seedNumber = (options.seed ? options.seed.seed : undefined) ?? DEFAULT_SEED.seed;
  const state = buildState(now(), options.seed ?? {}, options.partnerUsers);
  if (options.seed !== false) {
    const count = options.seed?.opportunities ?? DEFAULT_SEED.opportunities;
    seedOpportunities(state, now(), count, seedNumber);
  }
  const factory = new DataFactory(state.rng, state);
  const sqs = new SqsService();
  // Created once the port is known, which is before any call can change an invitation.
  let queues: { events: Queue; deadLetter: Queue } | undefined;
  const service = new PartnerCentralService(state, {
    now,
    taskCompletionMs: options.taskCompletionMs ?? DEFAULT_TASK_COMPLETION_MS,
    maxPageSize: options.maxPageSize,
    onChange: (change) => {
      const event = eventFor(change, state, now());
      if (event) queues?.events.send(JSON.stringify(event));
    },
  });

  let defaultLatency = options.latencyMs ?? 0;
  const latencies = new Map<string, number>();
  const injected: { operation: string; error: FaultName; remaining: number }[] = [];
  const rates = new Map<RateFaultName, number>();
  const faultRng = createRng(seedNumber ^ 0x2545f491);
  const calls: CallRecord[] = [];

  const takeFault = (api: Api, operation: string): ServiceError | undefined => {
    const errors = new ErrorFactory(api);
    const queued =
      injected.find((f) => f.operation === operation && f.remaining > 0) ??
      injected.find((f) => f.operation === "*" && f.remaining > 0);
    if (queued) {
      queued.remaining--;
      return errors.byName(queued.error, `Injected ${queued.error} for ${operation}.`);
    }
    if (rates.size === 0) return undefined;
    let draw = faultRng();
    for (const [error, rate] of rates) {
      if (draw < rate) return errors.byName(error);
      draw -= rate;
    }
    return undefined;
  };

  const addEngagementInvitation = (partial: Partial<EngagementInvitation> = {}) => {
    const catalog = partial.Catalog ?? "AWS";
    const base = factory.engagementInvitation(
      catalog,
      "justSent",
      partial.ParticipantType ?? "RECEIVER",
      now().getTime(),
      partial.PayloadType ?? "OpportunityInvitation",
    );
    const record: EngagementInvitation = { ...base, ...partial };
    if (partial.Arn === undefined)
      record.Arn = arns.engagementInvitation(state.accountId, catalog, record.Id);
    state.engagementInvitations.set(record.Id, record);
    return record;
  };
  const addConnectionInvitation = (partial: Partial<ConnectionInvitation> = {}) => {
    const catalog = partial.Catalog ?? "AWS";
    const base = factory.connectionInvitation(
      catalog,
      "justSent",
      partial.ParticipantType ?? "RECEIVER",
      now().getTime(),
    );
    const record: ConnectionInvitation = { ...base, ...partial };
    if (partial.Arn === undefined) record.Arn = arns.connectionInvitation(catalog, record.Id);
    state.connectionInvitations.set(record.Id, record);
    return record;
  };
  const newEngagementInvitation = (partial: Partial<EngagementInvitation> = {}) => {
    const invitation = addEngagementInvitation(partial);
    service.changed({ kind: "engagement", invitation });
    return invitation;
  };
  const newConnectionInvitation = (partial: Partial<ConnectionInvitation> = {}) => {
    const invitation = addConnectionInvitation(partial);
    service.changed({ kind: "connection", invitation });
    return invitation;
  };

  const server = createEmulatorServer({
    service,
    now,
    latencyFor: (operation) => latencies.get(operation) ?? defaultLatency,
    takeFault,
    record: (call) => calls.push(call),
    sqs,
    newInvitation: (kind) => {
      const { Id, Arn, Catalog } =
        kind === "engagement" ? newEngagementInvitation() : newConnectionInvitation();
      return { Id, Arn, Catalog };
    },
    requestAction: (id) => {
      const { Id, Catalog } = service.opportunities.requestAction(id);
      return { Id, Catalog };
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  const deadLetter = sqs.add(new Queue(url, state.accountId, { name: `${EVENTS_QUEUE_NAME}-dlq` }));
  queues = {
    events: sqs.add(
      new Queue(url, state.accountId, {
        name: EVENTS_QUEUE_NAME,
        deadLetter: { queue: deadLetter, maxReceiveCount: MAX_RECEIVE_COUNT },
      }),
    ),
    deadLetter,
  };
  const expiry = setInterval(() => service.expireDue(), EXPIRY_CHECK_MS);
  expiry.unref();

  return {
    url,
    accountId: state.accountId,
    state,
    calls,
    queueUrl: queues.events.url,
    queues,
    newEngagementInvitation,
    newConnectionInvitation,
    decideInConsole({ Id, Catalog }, decision) {
      const verb = decision === "accept" ? "Accept" : "Reject";
      const input = { Catalog, Identifier: Id };
      if (state.engagementInvitations.has(Id)) {
        service.invoke("selling", `${verb}EngagementInvitation`, input);
      } else {
        service.invoke("account", `${verb}ConnectionInvitation`, { ...input, ClientToken: randomUUID() });
      }
    },
    async close() {
      clearInterval(expiry);
      sqs.close();
      service.close();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
    setLatency(ms, operation) {
      if (operation === undefined) defaultLatency = ms;
      else latencies.set(operation, ms);
    },
    injectFault(operation, error, times = 1) {
      injected.push({ operation, error, remaining: times });
    },
    setFaultRate(error, rate) {
      if (rate > 0) rates.set(error, rate);
      else rates.delete(error);
    },
    failNextTask(
      reasonCode = "InternalError",
      message = "The engagement could not be created from the invitation.",
    ) {
      service.failNextTask(reasonCode, message);
    },
    setTaskCompletionMs(ms) {
      service.taskCompletionMs = ms;
    },
    holdTasks() {
      service.holdTasks();
    },
    releaseTasks() {
      service.releaseTasks();
    },
    resetCalls() {
      calls.length = 0;
    },
    addEngagementInvitation,
    addConnectionInvitation,
    addOpportunity: (partial) => service.opportunities.add(partial),
    requestActionOnOpportunity: (id, request) => service.opportunities.requestAction(id, request),
    updateAwsNextSteps: (id, nextSteps) => service.opportunities.updateAwsNextSteps(id, nextSteps),
    addPartnerUser(user) {
      state.partnerUsers.set(user.Email.toLowerCase(), user);
    },
    addConnection(partial = {}) {
      const catalog = partial.Catalog ?? "AWS";
      const partner =
        (partial.OtherParticipantAccountId && state.partners.get(partial.OtherParticipantAccountId)) ||
        factory.partner();
      const base = factory.connection(
        catalog,
        partner,
        ["OPPORTUNITY_COLLABORATION"],
        [],
        "PartnerProfile",
        now().getTime(),
      );
      const record: Connection = { ...base, ...partial };
      if (partial.Arn === undefined) record.Arn = arns.connection(catalog, record.Id);
      state.connections.set(record.Id, record);
      return record;
    },
  };
}
