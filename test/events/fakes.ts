import { expect, vi } from "vitest";
import { EventConsumer, type EventConsumerDeps } from "../../src/events/consumer.ts";
import type { AnnounceResult, EventLogger, EventPorts, OpportunityResult } from "../../src/events/handler.ts";
import type { Decision, InvitationRef, OpportunityRef, PartnerCentralEvent } from "../../src/events/model.ts";
import { type InvitationStatus, invitationKey } from "../../src/partnercentral/model.ts";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps its lines for assertions. */
export function recordingLogger(): EventLogger & { error: EventLogger["warn"]; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const write =
    (level: LogLine["level"]) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      const fields = first && typeof first === "object" ? (first as Record<string, unknown>) : {};
      const message = (typeof first === "string" ? [first, ...rest] : rest).join(" ");
      lines.push({ level, fields, message });
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error"), lines };
}

/**
 * The ports as the app is to wire them: an announced-once record shared with polling, Partner Central's
 * view of each invitation (unknown ones are not found), and a claim-once record of event ids.
 */
export class FakePorts implements EventPorts {
  readonly announcedOnce = new Set<string>();
  readonly partnerCentral = new Map<string, InvitationStatus>();
  readonly posts: InvitationRef[] = [];
  readonly decisions: { invitation: InvitationRef; decision: Decision }[] = [];
  readonly opportunities: Array<{ opportunity: OpportunityRef; created: boolean }> = [];
  readonly claimed = new Set<string>();
  readonly calls: string[] = [];
  /** Fails the next call of a method this many times. */
  readonly failures = new Map<keyof EventPorts, number>();

  async announce(invitation: InvitationRef): Promise<AnnounceResult> {
    this.enter("announce");
    const key = invitationKey(invitation);
    if (this.announcedOnce.has(key)) return "already-announced";
    const status = this.partnerCentral.get(key);
    if (status === undefined) return "not-found";
    if (status !== "PENDING") return "not-pending";
    this.announcedOnce.add(key);
    this.posts.push(invitation);
    return "announced";
  }

  async recordDecided(invitation: InvitationRef): Promise<void> {
    this.enter("recordDecided");
    this.announcedOnce.add(invitationKey(invitation));
  }

  async markDecided(invitation: InvitationRef, decision: Decision): Promise<void> {
    this.enter("markDecided");
    this.decisions.push({ invitation, decision });
  }

  async opportunityChanged(opportunity: OpportunityRef, created: boolean): Promise<OpportunityResult> {
    this.enter("opportunityChanged");
    this.opportunities.push({ opportunity, created });
    return "unchanged";
  }

  async claimEvent(eventId: string): Promise<boolean> {
    this.enter("claimEvent");
    if (this.claimed.has(eventId)) return false;
    this.claimed.add(eventId);
    return true;
  }

  private enter(method: keyof EventPorts): void {
    this.calls.push(method);
    const failures = this.failures.get(method) ?? 0;
    if (failures > 0) {
      this.failures.set(method, failures - 1);
      throw new Error(`${method} failed`);
    }
  }
}

/** A started consumer whose handler, unless `deps` names another, keeps the events it is given. */
export function recordingConsumer(
  queue: Pick<EventConsumerDeps, "client" | "queueUrl">,
  deps: Partial<EventConsumerDeps> = {},
) {
  const logger = recordingLogger();
  const handled: PartnerCentralEvent[] = [];
  const consumer = new EventConsumer({
    ...queue,
    handle: async (event) => {
      handled.push(event);
    },
    logger,
    ...deps,
  });
  consumer.start();
  return { consumer, logger, handled };
}

export const until = (condition: () => boolean, timeout = 5000) =>
  vi.waitFor(() => expect(condition()).toBe(true), { timeout, interval: 10 });
