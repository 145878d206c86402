import { randomUUID } from "node:crypto";
import {
  type AttemptColumns,
  attemptState,
  claimOrRead,
  type Database,
  STALE_ACTION_MS,
  type Timestamp,
  toDate,
} from "./database.ts";
import type {
  ActionStatus,
  Catalog,
  OpportunityActionAttempt,
  OpportunityActionClaim,
  OpportunityActionKind,
  OpportunityActionLog,
  OpportunityActionRecord,
  OpportunityLooks,
} from "./types.ts";

interface Columns {
  [column: string]: unknown;
  catalog: Catalog;
  opportunity_id: string;
  title: string | null;
  action: OpportunityActionKind;
  user_id: string;
  subject: string | null;
  status: ActionStatus;
  detail: string | null;
  aws_request_id: string | null;
}

interface ActionRow extends Columns {
  key: string;
  attempts: number;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

interface AttemptRow extends Columns, AttemptColumns {
  action_key: string;
}

function fields(row: Columns) {
  return {
    catalog: row.catalog,
    opportunityId: row.opportunity_id,
    ...(row.title !== null && { title: row.title }),
    action: row.action,
    userId: row.user_id,
    ...(row.subject !== null && { subject: row.subject }),
    ...(row.detail !== null && { detail: row.detail }),
    ...(row.aws_request_id !== null && { awsRequestId: row.aws_request_id }),
  };
}

function toRecord(row: ActionRow): OpportunityActionRecord {
  return {
    key: row.key,
    ...fields(row),
    status: row.status,
    attempts: Number(row.attempts),
    createdAt: toDate(row.created_at),
    ...(row.finished_at !== null && { finishedAt: toDate(row.finished_at) }),
  };
}

function toAttempt(row: AttemptRow): OpportunityActionAttempt {
  return { key: row.action_key, ...fields(row), ...attemptState(row) };
}

/** Opportunity actions: the lock in opportunity_actions, the audit log appended by the database. */
export class SqlOpportunityActions implements OpportunityActionLog {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  claim(claim: OpportunityActionClaim): Promise<{ won: boolean; record: OpportunityActionRecord }> {
    // One token for every try: a statement retried after a lost connection recognises its own claim.
    const token = randomUUID();
    return this.db.track(() =>
      claimOrRead<{ won: boolean; record: OpportunityActionRecord }>(
        async () => {
          const now = this.db.now();
          const [claimed] = await this.db.query<ActionRow>("claimOpportunityAction", [
            claim.key,
            claim.catalog,
            claim.opportunityId,
            claim.title ?? null,
            claim.action,
            claim.userId,
            claim.subject ?? null,
            token,
            now,
            new Date(now.getTime() - STALE_ACTION_MS),
          ]);
          return claimed && { won: true, record: toRecord(claimed) };
        },
        async () => {
          const existing = await this.#get(claim.key);
          return existing && { won: false, record: existing };
        },
      ),
    );
  }

  finish(
    key: string,
    attempt: number,
    outcome: { status: Exclude<ActionStatus, "pending">; detail?: string; awsRequestId?: string },
  ): Promise<OpportunityActionRecord | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<ActionRow>("finishOpportunityAction", [
        key,
        attempt,
        outcome.status,
        outcome.detail ?? null,
        outcome.awsRequestId ?? null,
        this.db.now(),
      ]);
      return row ? toRecord(row) : this.#get(key);
    });
  }

  get(key: string): Promise<OpportunityActionRecord | undefined> {
    return this.db.track(() => this.#get(key));
  }

  async #get(key: string): Promise<OpportunityActionRecord | undefined> {
    const [row] = await this.db.query<ActionRow>("getOpportunityAction", [key]);
    return row && toRecord(row);
  }

  history(since: Date, limit: number): Promise<OpportunityActionAttempt[]> {
    return this.db.track(async () =>
      (await this.db.query<AttemptRow>("opportunityActionHistory", [since, limit])).map(toAttempt),
    );
  }
}

export class SqlOpportunityLooks implements OpportunityLooks {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  last(catalog: Catalog): Promise<Date | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<{ looked_at: Timestamp }>("lastOpportunityLook", [catalog]);
      return row ? toDate(row.looked_at) : undefined;
    });
  }

  advance(catalog: Catalog, at: Date): Promise<void> {
    return this.db.track(async () => {
      await this.db.query("advanceOpportunityLook", [catalog, at]);
    });
  }
}
