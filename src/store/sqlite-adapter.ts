import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { Adapter, Row, Session } from "./adapter.js";
import { reasonOf, StoreError } from "./errors.js";
import { sqliteStatements } from "./statements.js";

export const DATABASE_FILE = "partnercentral.sqlite";

/** How long a statement waits for another process's write to finish before it fails. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite through Node's own `node:sqlite`: one file in the data directory, or in memory without one.
 * Statements run synchronously on the calling thread; each takes microseconds, less than posting them to
 * another thread would. WAL lets readers go on while one process writes, and the busy timeout makes a
 * second process on the same file wait its turn instead of failing; every write the store makes is a
 * single statement, so each is atomic on its own.
 */
export async function openSqliteAdapter(options: { dataDir?: string }): Promise<Adapter> {
  const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dir !== undefined) await prepareDataDir(dir);
  const file = dir === undefined ? ":memory:" : join(dir, DATABASE_FILE);
  const description = dir === undefined ? "the in-memory SQLite database" : `the SQLite database ${file}`;

  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
    // NORMAL is durable across a crash of the app in WAL mode; only a power loss can undo the last commits.
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  } catch (err) {
    db?.close();
    throw new StoreError(`Cannot open ${description} (${reasonOf(err)}).`, { cause: err });
  }
  const open = db;

  const prepared = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let found = prepared.get(sql);
    if (!found) {
      found = open.prepare(sql.replace(/\$(\d+)/g, "?$1"));
      prepared.set(sql, found);
    }
    return found;
  };
  const query = async <R extends Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> =>
    statement(sql).all(...params.map(toSqlite)) as R[];
  const run = async (sql: string, params: readonly unknown[] = []): Promise<number> =>
    Number(statement(sql).run(...params.map(toSqlite)).changes);

  const session: Session = {
    query,
    run,
    exec: async (script) => open.exec(script),
    transaction: async (body) => {
      open.exec("SAVEPOINT migration");
      try {
        const result = await body();
        open.exec("RELEASE migration");
        return result;
      } catch (err) {
        if (open.isTransaction) open.exec("ROLLBACK TO migration; RELEASE migration");
        throw err;
      }
    },
  };

  return {
    dialect: "sqlite",
    statements: sqliteStatements,
    description,
    query,
    run,
    // IMMEDIATE takes the write lock at once, so a second process waits here until the first has migrated.
    withMigrationLock: async (fn) => {
      open.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(session);
        open.exec("COMMIT");
        return result;
      } catch (err) {
        // SQLite has already rolled back after some failures (a full disk, for one).
        if (open.isTransaction) open.exec("ROLLBACK");
        throw err;
      }
    },
    close: async () => {
      if (open.isOpen) open.close();
    },
  };
}

/** SQLite takes numbers, strings, null and bytes: Dates become epoch milliseconds, lists JSON arrays. */
function toSqlite(value: unknown): SQLInputValue {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return (value ?? null) as SQLInputValue;
}

async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw new Error("it is not a directory");
    await access(dir, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new StoreError(`The data directory ${dir} is not a writable directory (${reasonOf(err)}).`, {
      cause: err,
    });
  }
}
