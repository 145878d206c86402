import { randomUUID } from "node:crypto";
import type { Row } from "./adapter.ts";
import type { Statements } from "./statements.ts";
import type { Catalog, OpportunitySnapshot, OpportunitySnapshots, OutboxPost } from "./types.ts";

type Query = <R extends Row>(statement: keyof Statements, params?: readonly unknown[]) => Promise<R[]>;

/** What the store's shared database gives a concern: statements by name, the clock, calls tracked for close. */
export interface StatementRunner {
  readonly now: () => Date;
  query: Query;
  /** Runs fn's statements as one transaction: all kept, or none. */
  transaction<T>(fn: (tx: { query: Query }) => Promise<T>): Promise<T>;
  track<T>(call: () => Promise<T>): Promise<T>;
}

interface SnapshotRow {
  [column: string]: unknown;
  catalog: Catalog;
  opportunity_id: string;
  state: string;
  seen_at: Date | number;
  version: number;
}

const toSnapshot = (row: SnapshotRow): OpportunitySnapshot => ({
  catalog: row.catalog,
  opportunityId: row.opportunity_id,
  state: row.state,
  seenAt: row.seen_at instanceof Date ? row.seen_at : new Date(row.seen_at),
  version: row.version,
});

export class SqlOpportunitySnapshots implements OpportunitySnapshots {
  private readonly db: StatementRunner;

  constructor(db: StatementRunner) {
    this.db = db;
  }

  get(catalog: Catalog, opportunityId: string): Promise<OpportunitySnapshot | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<SnapshotRow>("getSnapshot", [catalog, opportunityId]);
      return row && toSnapshot(row);
    });
  }

  list(catalog: Catalog): Promise<OpportunitySnapshot[]> {
    return this.db.track(async () =>
      (await this.db.query<SnapshotRow>("listSnapshots", [catalog])).map(toSnapshot),
    );
  }

  save(
    catalog: Catalog,
    opportunityId: string,
    state: string,
    expectedVersion: number | undefined,
    posts: OutboxPost[] = [],
  ): Promise<OpportunitySnapshot | undefined> {
    // One token for every try: a transaction retried after a lost connection finds its own write.
    const token = randomUUID();
    const write = async (tx: { query: Query }) => {
      const now = this.db.now();
      const params = [catalog, opportunityId, state, now, token];
      const [row] =
        expectedVersion === undefined
          ? await tx.query<SnapshotRow>("insertSnapshot", params)
          : await tx.query<SnapshotRow>("updateSnapshot", [...params, expectedVersion]);
      if (!row) return undefined;
      for (const post of posts) {
        await tx.query("insertOutboxPost", [
          post.key,
          post.channelId,
          now,
          post.payload,
          post.threadTs ?? null,
        ]);
      }
      return toSnapshot(row);
    };
    return this.db.track(() => (posts.length > 0 ? this.db.transaction(write) : write(this.db)));
  }
}
