import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(import.meta.dirname, "..", "fixtures", "events");

/** AWS's sample events by file name without `.json`; see test/fixtures/events/README.md. */
export const FIXTURE_NAMES = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .map((name) => name.slice(0, -".json".length));

export function fixtureText(name: string): string {
  return readFileSync(join(DIR, `${name}.json`), "utf8");
}

export function fixture(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(fixtureText(name));
}
