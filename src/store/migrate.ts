import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Adapter, Dialect } from "./adapter.ts";
import { reasonOf, StoreError } from "./errors.ts";
import type { StoreLogger } from "./types.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Reads migrations/<dialect>/NNN_name.sql in order; numbering must be 1, 2, 3, … without gaps. */
export async function loadMigrations(dialect: Dialect): Promise<Migration[]> {
  const dir = new URL(`./migrations/${dialect}/`, import.meta.url);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
  } catch (err) {
    throw new StoreError(`Cannot read the database migrations in ${fileURLToPath(dir)} (${reasonOf(err)}).`, {
      cause: err,
    });
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
        sql: await readFile(new URL(name, dir), "utf8"),
      };
    }),
  );
}

/**
 * Brings the schema up to the newest migration of the adapter's dialect, under the adapter's migration
 * lock so that processes starting together migrate one after the other; each migration is kept with its
 * version row or not at all. Returns the schema version.
 */
export async function migrate(
  adapter: Adapter,
  options: { schema?: string; logger: StoreLogger },
): Promise<number> {
  const { schema, logger } = options;
  const { statements } = adapter;
  const migrations = await loadMigrations(adapter.dialect);
  const latest = migrations.at(-1)?.version ?? 0;
  const where = schema === undefined ? adapter.description : `schema "${schema}" of ${adapter.description}`;
  return adapter.withMigrationLock(async (session) => {
    await session.run(statements.createMigrationsTable);
    const [row] = await session.query<{ version: number }>(statements.schemaVersion);
    const current = row?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        `${where.charAt(0).toUpperCase()}${where.slice(1)} has schema version ${current}, newer than this build supports (${latest}); deploy a newer build of the app.`,
      );
    }
    for (const migration of migrations.filter((m) => m.version > current)) {
      try {
        await session.transaction(async () => {
          await session.exec(migration.sql);
          await session.run(statements.recordMigration, [migration.version, migration.name]);
        });
      } catch (err) {
        throw new StoreError(`Migration ${migration.name} failed on ${where} (${reasonOf(err)}).`, {
          cause: err,
        });
      }
      logger.info({ migration: migration.name }, `Applied database migration ${migration.name}`);
    }
    return Math.max(current, latest);
  });
}
