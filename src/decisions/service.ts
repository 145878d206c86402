import { setTimeout as sleep } from "node:timers/promises";
import { every, type Repeating } from "../lifecycle.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import {
  type AcceptTask,
  type Catalog,
  type Invitation,
  type InvitationKind,
  invitationKey,
} from "../partnercentral/model.ts";
import { invitationPlainName } from "../partnercentral/naming.ts";
import {
  type ActionKind,
  type ActionOutcome,
  type ActionRecord,
  type ClaimedAction,
  STALE_ACTION_MS,
  type Store,
} from "../store/index.ts";
import { isRunning, STATUS_AFTER, showsAsDecided } from "./record.ts";

export interface DecisionRequest {
  kind: InvitationKind;
  catalog: Catalog;
  invitationId: string;
  action: ActionKind;
  userId: string;
  reason?: string;
}

/**
 * A claim won, with the invitation as Partner Central has it (what to call and how); lost to a decision
 * someone made or is making; or refused, with why, when the action does not apply to our side of it.
 */
export type Claim =
  | { won: true; record: ClaimedAction; invitation: Invitation }
  | { won: false; record: ActionRecord }
  | { won: false; refused: string };

/** The Partner Central calls a decision makes (PartnerCentral has them; a test hands in its own). */
export interface DecisionCalls {
  engagements: Pick<
    PartnerCentral["engagements"],
    | "reject"
    | "startAccept"
    | "getAcceptTask"
    | "latestAcceptTask"
    | "acceptTaskForOpportunity"
    | "acceptLead"
    | "get"
    | "getWithSide"
  >;
  connections: Pick<PartnerCentral["connections"], "accept" | "reject" | "cancel" | "getInvitation">;
}

/**
 * Shows a decision wherever Slack shows its invitation, but at the place named by `except` (the start of
 * its location), which already shows it. Filled in by the Slack side.
 */
export type ShowOutcome = (record: ActionRecord, options?: { except?: string }) => Promise<void>;

export interface DecisionsOptions {
  partnerCentral: DecisionCalls;
  store: Pick<Store, "decisions">;
  clock?: () => Date;
  logger?: { warn(context: object, message: string): void };
  /**
   * How often a click looks at its accept task (a quarter of it at first, doubling), and how long it
   * waits before the app follows it.
   */
  taskPollMs?: number;
  taskWaitMs?: number;
  /** How often the app looks at decisions still unfinished: accept tasks running, claims left behind. */
  followMs?: number;
}

type Result = Omit<ActionOutcome, "attempt">;

/** Why an accept or reject does not apply to an invitation we sent, or a cancel to one we received. */
const NOT_OURS_TO = {
  accept: "Your team sent this invitation: only the partner it was sent to can accept or reject it.",
  reject: "Your team sent this invitation: only the partner it was sent to can accept or reject it.",
  cancel: "This invitation was sent to your team: only its sender can cancel it.",
} as const;

const STOPPED_MID_CALL =
  "the app stopped before Partner Central answered, and Partner Central still has it pending";

/**
 * Accept, reject and cancel, exactly once per invitation: the decision is claimed in the store before
 * AWS is called, so double clicks, concurrent users, Slack retries and replicas make a single AWS call.
 * Nothing that can fail stands between a claim and its call. An accept task Partner Central is still
 * running, or a claim whose process stopped, is followed to its end by any replica, which then shows it.
 */
export class Decisions {
  private readonly options: DecisionsOptions;
  private readonly clock: () => Date;
  private readonly taskPollMs: number;
  private readonly taskWaitMs: number;
  #show: ShowOutcome | undefined;
  #following: Repeating | undefined;

  constructor(options: DecisionsOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
    this.taskPollMs = options.taskPollMs ?? 1000;
    this.taskWaitMs = options.taskWaitMs ?? 10_000;
  }

  /**
   * One decision per invitation: whoever claims first acts; a failed decision may be claimed again. The
   * invitation is looked up first (its title for the audit log, whether it is a lead, our side of it), so
   * a lookup that fails claims nothing; a decision already made or under way is not looked up.
   */
  async claim(request: DecisionRequest): Promise<Claim> {
    const { store } = this.options;
    const key = invitationKey({ kind: request.kind, catalog: request.catalog, id: request.invitationId });
    const existing = await store.decisions.get(key);
    if (existing && showsAsDecided(existing)) {
      return { won: false, record: existing };
    }
    const invitation = await this.lookUp(request.kind, request.catalog, request.invitationId, true);
    const ours = request.action === "cancel" ? "SENDER" : "RECEIVER";
    if (invitation.role && invitation.role !== ours)
      return { won: false, refused: NOT_OURS_TO[request.action] };
    const claim = await store.decisions.claim({
      key,
      invitationKind: request.kind,
      invitationId: request.invitationId,
      catalog: request.catalog,
      title: invitationPlainName(invitation),
      action: request.action,
      userId: request.userId,
      ...(request.reason ? { reason: request.reason } : {}),
    });
    return claim.won ? { won: true, record: claim.record, invitation } : claim;
  }

  /**
   * Carries out a won claim and records its outcome; never throws for a Partner Central failure. An
   * accept task still running after the wait comes back pending with its task, which the app follows.
   */
  async execute(record: ClaimedAction, invitation?: Invitation): Promise<ActionRecord> {
    try {
      return await this.callPartnerCentral(record, invitation);
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) {
        await this.finish(record, { status: "failed", detail: "an unexpected error; it was logged" });
        throw error;
      }
      return this.finish(record, await this.failure(record, error));
    }
  }

  /**
   * Starts following unfinished decisions, now and every `followMs`, on this replica (any replica may
   * finish one), and shows each outcome it finds through `show`; the Slack side's, given once it runs.
   */
  start(show: ShowOutcome): void {
    this.#show = show;
    this.#following = every(this.options.followMs ?? 5000, () =>
      this.followUp().then(
        () => undefined,
        (error: unknown) => {
          this.options.logger?.warn({ err: error }, "could not look at unfinished decisions");
        },
      ),
    );
  }

  /** Stops following and waits for a look in progress. */
  async stop(): Promise<void> {
    await this.#following?.stop();
    this.#following = undefined;
  }

  /** Shows a decision everywhere its invitation is shown but `except` (see ShowOutcome); never throws. */
  async publish(record: ActionRecord, options?: { except?: string }): Promise<void> {
    try {
      await this.#show?.(record, options);
    } catch (error) {
      this.options.logger?.warn({ invitation: record.key, err: error }, "could not show a decision");
    }
  }

  /**
   * One look at every unfinished decision: an accept task still running, or a claim older than 15 minutes
   * whose process stopped mid-call. Each that ended is recorded and shown; returns them.
   */
  async followUp(): Promise<ActionRecord[]> {
    const ended: ActionRecord[] = [];
    for (const record of await this.options.store.decisions.unfinished()) {
      try {
        const settled = await this.settle(record);
        if (settled) {
          ended.push(settled);
          await this.publish(settled);
        }
      } catch (error) {
        // Another replica finished it first, or Partner Central could not say: the next look tries again.
        this.options.logger?.warn(
          { invitation: record.key, err: error },
          "could not follow an unfinished decision",
        );
      }
    }
    return ended;
  }

  /**
   * Partner Central created an opportunity: if an accept the app is following made it (its task ended),
   * that decision is settled and shown now rather than at the next look. Costs a call only while an
   * accept task is followed; never throws for a Partner Central failure (the next look settles it).
   */
  async settleFromOpportunity(catalog: Catalog, opportunityId: string): Promise<ActionRecord | undefined> {
    const running = (await this.options.store.decisions.unfinished()).filter(
      (r) => r.catalog === catalog && isRunning(r),
    );
    if (running.length === 0) return undefined;
    try {
      const task = await this.options.partnerCentral.engagements.acceptTaskForOpportunity(
        catalog,
        opportunityId,
      );
      const record = running.find((r) => r.invitationId === task?.invitationId);
      if (!task || !record || !hasEnded(task)) return undefined;
      const settled = await this.finish(record, taskResult(task));
      await this.publish(settled);
      return settled;
    } catch (error) {
      this.options.logger?.warn(
        { opportunity: opportunityId, err: error },
        "could not settle an accept from its opportunity; the next look does",
      );
      return undefined;
    }
  }

  /** The decision's outcome once known: its task's end, or, for a claim left behind, the invitation's state. */
  private async settle(record: ActionRecord): Promise<ActionRecord | undefined> {
    const age = this.clock().getTime() - record.createdAt.getTime();
    if (record.taskId) {
      // The click that started it is still waiting for it.
      if (age < this.taskWaitMs) return undefined;
      const task = await this.options.partnerCentral.engagements.getAcceptTask(
        record.catalog,
        record.taskId,
        record.invitationId,
      );
      if (task && !hasEnded(task)) return undefined;
      return this.finish(record, task ? taskResult(task) : await this.fromInvitation(record));
    }
    if (age < STALE_ACTION_MS) return undefined;
    return this.finish(record, await this.fromInvitation(record));
  }

  /**
   * How a decision whose answer was lost ended, from the invitation itself: still pending, nothing was
   * done (a retry sends the same client token); in the state the action leads to, done (an accept with
   * the opportunity its task created); otherwise decided by someone else.
   */
  private async fromInvitation(record: ActionRecord): Promise<Result> {
    const { status } = await this.lookUp(record.invitationKind, record.catalog, record.invitationId);
    if (status === "PENDING") return { status: "failed", detail: STOPPED_MID_CALL };
    if (status !== STATUS_AFTER[record.action]) return { status: "conflict", detail: status ?? "changed" };
    if (record.invitationKind !== "engagement" || record.action !== "accept") return { status: "succeeded" };
    const task = await this.options.partnerCentral.engagements.latestAcceptTask(
      record.catalog,
      record.invitationId,
    );
    return { status: "succeeded", ...(task?.opportunityId ? { resultId: task.opportunityId } : {}) };
  }

  private finish(record: ActionRecord, result: Result): Promise<ActionRecord> {
    return this.options.store.decisions.finish(record.key, { ...result, attempt: record.attempts });
  }

  /** What a refusal from Partner Central is recorded as. */
  private async failure(record: ActionRecord, error: PartnerCentralError): Promise<Result> {
    const requestId = error.requestId ? { awsRequestId: error.requestId } : {};
    if (error.code === "Conflict") {
      const status = await this.currentStatus(record);
      return { status: "conflict", detail: status ?? "no longer pending", ...requestId };
    }
    // Denied because the action does not apply to our side, not for want of a permission.
    const side = error.code === "AccessDenied" ? await this.side(record) : undefined;
    const ours = record.action === "cancel" ? "SENDER" : "RECEIVER";
    const detail = side && side !== ours ? NOT_OURS_TO[record.action] : error.userMessage;
    return { status: "failed", detail, ...requestId };
  }

  private async callPartnerCentral(record: ClaimedAction, invitation?: Invitation): Promise<ActionRecord> {
    const { engagements, connections } = this.options.partnerCentral;
    const { catalog, invitationId, clientToken: token } = record;
    const done = (result: { requestId?: string }, resultId?: string) =>
      this.finish(record, {
        status: "succeeded",
        ...(result.requestId ? { awsRequestId: result.requestId } : {}),
        ...(resultId ? { resultId } : {}),
      });
    if (record.invitationKind === "connection") {
      if (record.action === "accept") {
        const result = await connections.accept(catalog, invitationId, token);
        return done(result, result.connectionId);
      }
      if (record.action === "reject") {
        return done(await connections.reject(catalog, invitationId, token, record.reason));
      }
      return done(await connections.cancel(catalog, invitationId, token));
    }
    if (record.action === "reject") {
      return done(await engagements.reject(catalog, invitationId, record.reason ?? "Other"));
    }
    if (record.action === "cancel") {
      throw new PartnerCentralError(
        "Validation",
        "Engagement invitations cannot be canceled here.",
        "Cancel",
      );
    }
    // A lead is accepted as AWS documents for leads; it becomes part of its engagement.
    if (invitation?.payloadType === "LeadInvitation") {
      return done(await engagements.acceptLead(catalog, invitationId), invitation.engagementId);
    }
    return this.acceptByTask(record, token);
  }

  /**
   * StartEngagementByAcceptingInvitationTask, recorded with the decision so that any replica can follow
   * it, then the task until it ends or the wait is over.
   */
  private async acceptByTask(record: ActionRecord, token: string): Promise<ActionRecord> {
    const { engagements } = this.options.partnerCentral;
    const started = await engagements.startAccept(record.catalog, record.invitationId, token);
    let task: AcceptTask = started;
    if (!hasEnded(task)) {
      const running = await this.options.store.decisions.recordTask(record.key, record.attempts, {
        taskId: started.taskId,
        ...(started.requestId ? { awsRequestId: started.requestId } : {}),
      });
      // Waited in real time, as its sleeps are.
      const deadline = Date.now() + this.taskWaitMs;
      // Soon at first, since most tasks end within a second or two, then every taskPollMs.
      let pause = Math.max(1, Math.round(this.taskPollMs / 4));
      while (!hasEnded(task) && Date.now() < deadline) {
        await sleep(pause);
        pause = Math.min(pause * 2, this.taskPollMs);
        task = (await engagements.getAcceptTask(record.catalog, started.taskId, record.invitationId)) ?? task;
      }
      if (!hasEnded(task) && running) return running;
    }
    return this.finish(record, {
      ...taskResult(task),
      ...(started.requestId ? { awsRequestId: started.requestId } : {}),
    });
  }

  /** The invitation as Partner Central has it; with our side of it when `side` (an engagement costs one call more). */
  private lookUp(kind: InvitationKind, catalog: Catalog, id: string, side = false): Promise<Invitation> {
    const { engagements, connections } = this.options.partnerCentral;
    if (kind === "connection") return connections.getInvitation(catalog, id);
    return side ? engagements.getWithSide(catalog, id) : engagements.get(catalog, id);
  }

  private async currentStatus(record: ActionRecord): Promise<string | undefined> {
    try {
      return (await this.lookUp(record.invitationKind, record.catalog, record.invitationId)).status;
    } catch {
      return undefined;
    }
  }

  private async side(record: ActionRecord): Promise<string | undefined> {
    try {
      return (await this.lookUp(record.invitationKind, record.catalog, record.invitationId, true)).role;
    } catch {
      return undefined;
    }
  }
}

/** COMPLETE or FAILED; any other status (IN_PROGRESS, or one AWS adds) is still running. */
function hasEnded(task: AcceptTask): boolean {
  return task.status === "COMPLETE" || task.status === "FAILED";
}

/** An accept task's end: the opportunity it created, or why it failed (its client token is then spent). */
function taskResult(task: AcceptTask): Result {
  if (task.status === "COMPLETE") {
    return { status: "succeeded", ...(task.opportunityId ? { resultId: task.opportunityId } : {}) };
  }
  const why = `${task.message ? `: ${task.message}` : ""}${task.reasonCode ? ` (${task.reasonCode})` : ""}`;
  return { status: "failed", detail: `Partner Central could not accept it${why}`, spendsToken: true };
}
