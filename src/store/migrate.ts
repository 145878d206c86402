import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Adapter, quoteIdent } from "./adapter.js";
import { reasonOf, StoreError } from "./errors.js";
import type { StoreLogger } from "./types.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Reads migrations/NNN_name.sql in order; numbering must be 1, 2, 3, … without gaps. */
export async function loadMigrations(): Promise<Migration[]> {
  let names: string[];
  try {
    names = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith(".sql")).sort();
  } catch (err) {
    throw new StoreError(
      `Cannot read the database migrations in ${fileURLToPath(MIGRATIONS_DIR)} (${reasonOf(err)}).`,
      {
        cause: err,
      },
    );
  }
  return Promise.all(
    names.map(async (name, index) => {
      const version = Number(FILE_NAME.exec(name)?.[1]);
      if (version !== index + 1) {
        throw new StoreError(
          `Migration file ${name} is misnamed or out of sequence (expected version ${index + 1}).`,
        );
      }
      return {
        version,
        name: name.slice(0, -".sql".length),
        sql: await readFile(new URL(name, MIGRATIONS_DIR), "utf8"),
      };
    }),
  );
}

/**
 * Brings the schema up to the newest migration. Holds a session-level advisory lock so that replicas
 * starting together migrate one after the other; each migration commits with its version row.
 * Returns the schema version.
 */
export async function migrate(
  adapter: Adapter,
  options: { schema?: string; logger: StoreLogger; migrations: Migration[] },
): Promise<number> {
  const { schema, logger, migrations } = options;
  const latest = migrations.at(-1)?.version ?? 0;
  const where = schema === undefined ? adapter.description : `schema "${schema}" of ${adapter.description}`;
  // One lock per schema: isolated test schemas do not wait for each other.
  const lockName = `partnercentral-slack:migrate:${schema ?? ""}`;
  return adapter.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock(hashtext($1))", [lockName]);
    try {
      if (schema !== undefined) await session.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await session.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const [row] = await session.query<{ version: number }>(
        "SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations",
      );
      const current = row?.version ?? 0;
      if (current > latest) {
        throw new StoreError(
          `${where.charAt(0).toUpperCase()}${where.slice(1)} has schema version ${current}, newer than this build supports (${latest}); deploy a newer build of the app.`,
        );
      }
      for (const migration of migrations.filter((m) => m.version > current)) {
        try {
          await session.query("BEGIN");
          await session.exec(migration.sql);
          await session.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
          await session.query("COMMIT");
        } catch (err) {
          await session.query("ROLLBACK").catch(() => undefined);
          throw new StoreError(`Migration ${migration.name} failed on ${where} (${reasonOf(err)}).`, {
            cause: err,
          });
        }
        logger.info({ migration: migration.name }, `Applied database migration ${migration.name}`);
      }
      return Math.max(current, latest);
    } finally {
      // If the connection broke, the server has already released the lock with the session.
      await session.query("SELECT pg_advisory_unlock(hashtext($1))", [lockName]).catch(() => undefined);
    }
  });
}
