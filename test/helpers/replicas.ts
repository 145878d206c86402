import { composeApp, type Instance } from "../../src/compose.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { dropSchema, uniqueSchema, withAdmin } from "../store/helpers.ts";
import { type Harness, startHarness } from "./harness.ts";

/** Two app instances sharing one PostgreSQL schema, as two replicas behind a load balancer. */
export async function twoReplicas(
  serverUrl: string,
  options: { env: Record<string, string>; events?: boolean },
  body: (h: Harness, second: Instance) => Promise<void>,
): Promise<void> {
  const schema = uniqueSchema();
  await withAdmin(serverUrl, (client) => client.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(serverUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const h = await startHarness({
    env: { DATABASE_URL: url.toString(), ...options.env },
    emulator: { taskCompletionMs: 20 },
    ...(options.events ? { events: true } : {}),
  });
  let second: Instance | undefined;
  try {
    second = await composeApp(loadConfig(h.env), createLogger({ level: "error" }), h.compose);
    await body(h, second);
  } finally {
    await second?.stop();
    await h.close();
    await dropSchema(serverUrl, schema);
  }
}
