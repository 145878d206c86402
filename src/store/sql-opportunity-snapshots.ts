import { randomUUID } from "node:crypto";
import type { Row } from "./adapter.ts";
import type { Statements } from "./statements.ts";
import type { Catalog, OpportunitySnapshot, OpportunitySnapshots } from "./types.ts";

/** What the store's shared database gives a concern: statements by name, the clock, calls tracked for close. */
export interface StatementRunner {
  readonly now: () => Date;
  query<R extends Row>(statement: keyof Statements, params?: readonly unknown[]): Promise<R[]>;
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

  save(
    catalog: Catalog,
    opportunityId: string,
    state: string,
    expectedVersion: number | undefined,
  ): Promise<OpportunitySnapshot | undefined> {
    return this.db.track(async () => {
      const params = [catalog, opportunityId, state, this.db.now(), randomUUID()];
      const [row] =
        expectedVersion === undefined
          ? await this.db.query<SnapshotRow>("insertSnapshot", params)
          : await this.db.query<SnapshotRow>("updateSnapshot", [...params, expectedVersion]);
      return row && toSnapshot(row);
    });
  }
}
