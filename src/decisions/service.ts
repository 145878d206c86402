import { setTimeout as sleep } from "node:timers/promises";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import {
  type Catalog,
  type InvitationKind,
  type InvitationStatus,
  invitationKey,
  type Open,
} from "../partnercentral/model.ts";
import type { ActionKind, ActionRecord, Store } from "../store/index.ts";

export interface DecisionRequest {
  kind: InvitationKind;
  catalog: Catalog;
  invitationId: string;
  action: ActionKind;
  userId: string;
  reason?: string;
}

export type Claim = { won: true; record: ActionRecord } | { won: false; record: ActionRecord };

/** The Partner Central calls a decision makes (PartnerCentral has them; a test hands in its own). */
export interface DecisionCalls {
  engagements: Pick<PartnerCentral["engagements"], "reject" | "startAccept" | "getAcceptTask" | "get">;
  connections: Pick<PartnerCentral["connections"], "accept" | "reject" | "cancel" | "getInvitation">;
}

export interface DecisionsOptions {
  partnerCentral: DecisionCalls;
  store: Pick<Store, "decisions">;
  /** How often to look at an accept task, and for how long before giving up on it. */
  taskPollMs?: number;
  taskTimeoutMs?: number;
}

/**
 * Accept, reject and cancel, exactly once per invitation: the decision is claimed in the store before
 * AWS is called, so double clicks, concurrent users, Slack retries and replicas make a single AWS call.
 */
export class Decisions {
  private readonly taskPollMs: number;
  private readonly taskTimeoutMs: number;

  private readonly options: DecisionsOptions;

  constructor(options: DecisionsOptions) {
    this.options = options;
    this.taskPollMs = options.taskPollMs ?? 1000;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 120_000;
  }

  /** One decision per invitation: whoever claims first acts; a failed decision may be claimed again. */
  claim(request: DecisionRequest): Promise<Claim> {
    return this.options.store.decisions.claim({
      key: invitationKey({ kind: request.kind, catalog: request.catalog, id: request.invitationId }),
      invitationKind: request.kind,
      invitationId: request.invitationId,
      catalog: request.catalog,
      action: request.action,
      userId: request.userId,
      ...(request.reason ? { reason: request.reason } : {}),
    });
  }

  /** Carries out a won claim and records its outcome; never throws for a Partner Central failure. */
  async execute(record: ActionRecord): Promise<ActionRecord> {
    const { store } = this.options;
    try {
      const result = await this.callPartnerCentral(record);
      return await store.decisions.finish(record.key, { status: "succeeded", ...result });
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) {
        await store.decisions.finish(record.key, {
          status: "failed",
          detail: "an unexpected error; it was logged",
        });
        throw error;
      }
      if (error.code === "Conflict") {
        const status = await this.currentStatus(record);
        return await store.decisions.finish(record.key, {
          status: "conflict",
          detail: status ?? "no longer pending",
          ...(error.requestId ? { awsRequestId: error.requestId } : {}),
        });
      }
      return await store.decisions.finish(record.key, {
        status: "failed",
        detail: error.userMessage,
        ...(error.requestId ? { awsRequestId: error.requestId } : {}),
      });
    }
  }

  /** ClientToken: the same attempt of the same decision is a no-op at AWS if it is ever sent twice. */
  private clientToken(record: ActionRecord): string {
    return `${record.action}-${record.invitationId}-${record.attempts}`;
  }

  private async callPartnerCentral(
    record: ActionRecord,
  ): Promise<{ awsRequestId?: string; resultId?: string; detail?: string }> {
    const { engagements, connections } = this.options.partnerCentral;
    const { catalog, invitationId } = record;
    const token = this.clientToken(record);
    const withRequestId = (requestId?: string) => (requestId ? { awsRequestId: requestId } : {});
    if (record.invitationKind === "connection") {
      if (record.action === "accept") {
        const result = await connections.accept(catalog, invitationId, token);
        return {
          ...withRequestId(result.requestId),
          ...(result.connectionId ? { resultId: result.connectionId } : {}),
        };
      }
      if (record.action === "reject") {
        return withRequestId(
          (await connections.reject(catalog, invitationId, token, record.reason)).requestId,
        );
      }
      return withRequestId((await connections.cancel(catalog, invitationId, token)).requestId);
    }
    if (record.action === "reject") {
      return withRequestId(
        (await engagements.reject(catalog, invitationId, record.reason ?? "Other")).requestId,
      );
    }
    if (record.action === "cancel") {
      throw new PartnerCentralError(
        "Validation",
        "Engagement invitations cannot be canceled here.",
        "Cancel",
      );
    }
    return this.followAcceptTask(record, token);
  }

  /** StartEngagementByAcceptingInvitationTask, then its task until it completes or fails. */
  private async followAcceptTask(record: ActionRecord, token: string) {
    const { engagements } = this.options.partnerCentral;
    const started = await engagements.startAccept(record.catalog, record.invitationId, token);
    const requestId = started.requestId ? { awsRequestId: started.requestId } : {};
    let task = started;
    const deadline = Date.now() + this.taskTimeoutMs;
    while (task.status === "IN_PROGRESS" && Date.now() < deadline) {
      await sleep(this.taskPollMs);
      task = (await engagements.getAcceptTask(record.catalog, started.taskId, record.invitationId)) ?? task;
    }
    if (task.status === "COMPLETE") {
      return { ...requestId, ...(task.opportunityId ? { resultId: task.opportunityId } : {}) };
    }
    const reason =
      task.status === "FAILED"
        ? `Partner Central could not accept it${task.message ? `: ${task.message}` : ""}${task.reasonCode ? ` (${task.reasonCode})` : ""}`
        : "Partner Central is still accepting it; check again in a few minutes";
    throw new PartnerCentralError(
      "Unknown",
      reason,
      "StartEngagementByAcceptingInvitationTask",
      started.requestId,
    );
  }

  private async currentStatus(record: ActionRecord): Promise<Open<InvitationStatus> | undefined> {
    const { engagements, connections } = this.options.partnerCentral;
    try {
      const current =
        record.invitationKind === "engagement"
          ? await engagements.get(record.catalog, record.invitationId)
          : await connections.getInvitation(record.catalog, record.invitationId);
      return current.status;
    } catch {
      return undefined;
    }
  }
}
