import { randomUUID } from "node:crypto";
import { type Database, type Timestamp, toDate } from "./database.ts";
import type { Catalog, OpportunitySnapshot, OpportunitySnapshots, OutboxPost } from "./types.ts";

interface SnapshotRow {
  [column: string]: unknown;
  catalog: Catalog;
  opportunity_id: string;
  state: string;
  seen_at: Timestamp;
  version: number;
}

const toSnapshot = (row: SnapshotRow): OpportunitySnapshot => ({
  catalog: row.catalog,
  opportunityId: row.opportunity_id,
  state: row.state,
  seenAt: toDate(row.seen_at),
  version: row.version,
});

export class SqlOpportunitySnapshots implements OpportunitySnapshots {
  private readonly db: Database;

  constructor(db: Database) {
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
    const write = async (tx: Pick<Database, "query">) => {
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
