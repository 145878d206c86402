/**
 * A local AWS Partner Central emulator for the Selling (engagement invitations) and Account (connections)
 * APIs. It speaks AWS JSON 1.0 like the real service, so the AWS SDK v3 clients work against it unchanged
 * when AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING / _ACCOUNT point at `Emulator.url`.
 */
import type { AddressInfo } from "node:net";
import type { Api, ModeledErrorName, ServiceError } from "./errors.js";
import { ErrorFactory } from "./errors.js";
import { createRng } from "./random.js";
import { buildState, DataFactory, DEFAULT_SEED, type SeedOptions } from "./seed.js";
import { type CallRecord, createEmulatorServer } from "./server.js";
import { PartnerCentralService } from "./service.js";
import {
  arns,
  type Connection,
  type ConnectionInvitation,
  type EmulatorState,
  type EngagementInvitation,
} from "./state.js";

export { DEFAULT_PAGE_SIZE } from "./pagination.js";
export { DEFAULT_SEED, type SeedOptions } from "./seed.js";
export type { CallRecord } from "./server.js";
export type * from "./state.js";
export { EmulatorState } from "./state.js";

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
  readonly calls: ReadonlyArray<CallRecord>;
  resetCalls(): void;
  /** A new PENDING invitation received now (expiring in 15 days) unless `partial` says otherwise. */
  addEngagementInvitation(partial?: Partial<EngagementInvitation>): EngagementInvitation;
  /** A new PENDING invitation received now unless `partial` says otherwise. */
  addConnectionInvitation(partial?: Partial<ConnectionInvitation>): ConnectionInvitation;
  /** A connection with a new partner and an ACTIVE OPPORTUNITY_COLLABORATION type, unless `partial` says otherwise. */
  addConnection(partial?: Partial<Connection>): Connection;
  /** Live state; tests may read and change records directly. */
  readonly state: EmulatorState;
}

const DEFAULT_TASK_COMPLETION_MS = 100;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? (() => new Date());
  const seedNumber = (options.seed ? options.seed.seed : undefined) ?? DEFAULT_SEED.seed;
  const state = buildState(now(), options.seed ?? {});
  const factory = new DataFactory(state.rng, state);
  const service = new PartnerCentralService(state, {
    now,
    taskCompletionMs: options.taskCompletionMs ?? DEFAULT_TASK_COMPLETION_MS,
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

  const server = createEmulatorServer({
    service,
    now,
    latencyFor: (operation) => latencies.get(operation) ?? defaultLatency,
    takeFault,
    record: (call) => calls.push(call),
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

  return {
    url: `http://${urlHost}:${port}`,
    accountId: state.accountId,
    state,
    calls,
    async close() {
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
    resetCalls() {
      calls.length = 0;
    },
    addEngagementInvitation(partial = {}) {
      const catalog = partial.Catalog ?? "AWS";
      const base = factory.engagementInvitation(
        catalog,
        "justSent",
        partial.ParticipantType ?? "RECEIVER",
        now().getTime(),
      );
      const record: EngagementInvitation = { ...base, ...partial };
      if (partial.Arn === undefined)
        record.Arn = arns.engagementInvitation(state.accountId, catalog, record.Id);
      state.engagementInvitations.set(record.Id, record);
      return record;
    },
    addConnectionInvitation(partial = {}) {
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
