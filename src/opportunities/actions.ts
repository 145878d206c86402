import type { AppLogger } from "../logger.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { Catalog } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import { type Assignee, type Opportunity, personName } from "../partnercentral/opportunity-model.ts";
import type {
  OpportunityActionClaim,
  OpportunityActionKind,
  OpportunityActionRecord,
  Store,
} from "../store/index.ts";
import type { OpportunityWatch } from "./watch.ts";

/** An action on what its actor saw: the opportunity, as of its LastModifiedDate then. */
export interface SeenOpportunity {
  catalog: Catalog;
  id: string;
  /** Its LastModifiedDate when shown; undefined when Partner Central gave none. */
  seenModifiedAt?: Date;
}

/**
 * How an action went: carried out (`record.status` says whether AWS took it); taken, when a claim on the
 * same thing was made first (a double click, two people at once: the record is theirs); or nothing to do.
 */
export type ActionResult =
  | { kind: "done"; record: OpportunityActionRecord }
  | { kind: "taken"; record: OpportunityActionRecord }
  | { kind: "unchanged"; reason: string };

export interface OpportunityActionsDeps {
  opportunities: Pick<Opportunities, "get" | "details" | "assign" | "updateNextSteps">;
  store: Pick<Store, "opportunityActions">;
  /** Told what the opportunity is after a change, so what the app keeps and shows follows. */
  watch: Pick<OpportunityWatch, "seen">;
  logger: Pick<AppLogger, "info" | "warn">;
}

/** How an assignee reads in the audit log. */
export const assigneeText = (a: Pick<Assignee, "firstName" | "lastName" | "email">): string =>
  `${personName(a) ?? a.email} <${a.email.toLowerCase()}>`;

/** The opportunity's name for the audit log: its project, else its customer. */
export const opportunityTitle = (o: Pick<Opportunity, "project" | "customer">): string | undefined =>
  o.project.title ?? o.customer?.companyName;

/**
 * Assigning opportunities and changing their next steps, approvers' actions: each is claimed in the store
 * before AWS is called, keyed by what its actor saw, so a double click, two people at once or a second
 * replica make one AWS call; every attempt lands in the audit log with its outcome and AWS's request id.
 */
export class OpportunityActions {
  readonly #deps: OpportunityActionsDeps;

  constructor(deps: OpportunityActionsDeps) {
    this.#deps = deps;
  }

  /** AssignOpportunity: the assignee becomes its owner, unless they already are. */
  async assign(seen: SeenOpportunity, userId: string, assignee: Assignee): Promise<ActionResult> {
    const current = await this.#deps.opportunities.get(seen.catalog, seen.id, { fresh: true });
    const email = assignee.email.toLowerCase();
    const owner = current.team.find((p) => p.title === "OpportunityOwner");
    if (owner?.email?.toLowerCase() === email) {
      return { kind: "unchanged", reason: `${assigneeText(assignee)} already owns it` };
    }
    return this.#act(
      "assign",
      seen,
      { userId, subject: assigneeText(assignee), title: opportunityTitle(current) },
      () => this.#deps.opportunities.assign(seen.catalog, seen.id, assignee),
    );
  }

  /**
   * Its next steps, everything else sent back as read, with the LastModifiedDate that was seen: a change
   * made in Partner Central meanwhile is a conflict, and nothing is overwritten.
   */
  async updateNextSteps(
    seen: SeenOpportunity & { seenModifiedAt: Date },
    userId: string,
    nextSteps: string,
    title?: string,
  ): Promise<ActionResult> {
    return this.#act("next-steps", seen, { userId, subject: nextSteps, title }, () =>
      this.#deps.opportunities.updateNextSteps(seen.catalog, seen.id, nextSteps, seen.seenModifiedAt),
    );
  }

  async #act(
    action: OpportunityActionKind,
    seen: SeenOpportunity,
    who: { userId: string; subject: string; title: string | undefined },
    call: () => Promise<{ requestId?: string }>,
  ): Promise<ActionResult> {
    const { store, logger } = this.#deps;
    const claim: OpportunityActionClaim = {
      key: `${action}:${seen.catalog}:${seen.id}:${seen.seenModifiedAt?.getTime() ?? "unknown"}`,
      catalog: seen.catalog,
      opportunityId: seen.id,
      action,
      userId: who.userId,
      subject: who.subject,
      ...(who.title ? { title: who.title } : {}),
    };
    const claimed = await store.opportunityActions.claim(claim);
    if (!claimed.won) return { kind: "taken", record: claimed.record };
    const attempt = claimed.record.attempts;
    let record: OpportunityActionRecord | undefined;
    try {
      const result = await call();
      record = await store.opportunityActions.finish(claim.key, attempt, {
        status: "succeeded",
        ...(result.requestId ? { awsRequestId: result.requestId } : {}),
      });
    } catch (error) {
      const known = error instanceof PartnerCentralError;
      record = await store.opportunityActions.finish(claim.key, attempt, {
        status: known && error.code === "Conflict" ? "conflict" : "failed",
        detail: known ? error.userMessage : "an unexpected error; it was logged",
        ...(known && error.requestId ? { awsRequestId: error.requestId } : {}),
      });
      if (!known) throw error;
    }
    const finished = record ?? claimed.record;
    logger.info(
      {
        action,
        opportunity: seen.id,
        user: who.userId,
        status: finished.status,
        requestId: finished.awsRequestId,
      },
      "opportunity action",
    );
    if (finished.status === "succeeded") {
      // Read here, not at the pace of the background reads: the approver's reply waits on it.
      await this.#deps.opportunities
        .details(seen.catalog, seen.id, { fresh: true })
        .then((details) => this.#deps.watch.seen({ catalog: seen.catalog, id: seen.id }, details))
        .catch((error: unknown) => {
          logger.warn(
            { opportunity: seen.id, err: error },
            "could not read an opportunity again after changing it",
          );
        });
    }
    return { kind: "done", record: finished };
  }
}
