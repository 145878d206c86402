import type { Adapter } from "./adapter.ts";
import { reasonOf, StoreError } from "./errors.ts";
import { migrate } from "./migrate.ts";
import { createSqlStore, DEFAULT_AUDIT_RETENTION_DAYS } from "./sql-store.ts";
import type { OpenStoreOptions, Store, StoreLogger } from "./types.ts";

export { STALE_ACTION_MS } from "./database.ts";
export { StoreError } from "./errors.ts";
export { RetentionJob } from "./retention.ts";
export type * from "./types.ts";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const silentLogger: StoreLogger = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Opens PostgreSQL when a database URL is given, else SQLite (in dataDir, or in memory), then applies
 * pending migrations. Every start-up problem rejects with a StoreError whose message is one sentence.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      `The schema name "${schema}" is invalid; use lower-case letters, digits and underscores.`,
    );
  }
  const adapter = options.databaseUrl
    ? await (await import("./pg-adapter.ts")).openPgAdapter({
        databaseUrl: options.databaseUrl,
        schema,
        logger,
      })
    : await (await import("./sqlite-adapter.ts")).openSqliteAdapter({ dataDir: options.dataDir });
  try {
    const version = await migrate(adapter, { schema, logger });
    logger.info({ schemaVersion: version, schema }, `Store opened on ${adapter.description}`);
  } catch (err) {
    await adapter.close().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot prepare the database schema on ${adapter.description} (${reasonOf(err)}).`, {
      cause: err,
    });
  }
  return createSqlStore(options.onError ? observeErrors(adapter, options.onError) : adapter, {
    now: options.now ?? (() => new Date()),
    auditRetentionDays: options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
  });
}

/** The adapter, telling `onError` of each statement that fails. */
function observeErrors(adapter: Adapter, onError: () => void): Adapter {
  const observed = <T>(result: Promise<T>) =>
    result.catch((error: unknown) => {
      onError();
      throw error;
    });
  return {
    dialect: adapter.dialect,
    statements: adapter.statements,
    description: adapter.description,
    query: (sql, params) => observed(adapter.query(sql, params)),
    run: (sql, params) => observed(adapter.run(sql, params)),
    transaction: (fn) => observed(adapter.transaction(fn)),
    withMigrationLock: (fn) => adapter.withMigrationLock(fn),
    close: () => adapter.close(),
  };
}
