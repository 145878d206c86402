import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMOJI } from "../../../dev/slack-standin/emoji.ts";

/** Comments and string literals of a TypeScript file, in order; enough to find what the code sends. */
const TOKENS = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
// Not `kind:catalog:id` or `12:30:00`: Slack reads a shortcode only where it stands apart.
const SHORTCODE = /(?<![\w:]):([a-z0-9_+-]+):(?![\w:])/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name));
}

async function shortcodesIn(dirs: string[], skip: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const files = (await Promise.all(dirs.map(sourceFiles))).flat();
  for (const file of files.filter((f) => !skip.some((dir) => f.startsWith(`${dir}/`)))) {
    const source = await readFile(file, "utf8");
    for (const [token] of source.matchAll(TOKENS)) {
      if (token.startsWith("/")) continue;
      for (const [, name] of token.matchAll(SHORTCODE)) if (name && !found.has(name)) found.set(name, file);
    }
  }
  return found;
}

describe("the preview's emoji", () => {
  it("covers every shortcode the app and the stand-in's Slack messages send", async () => {
    // The store sends nothing to Slack; SQLite's ":memory:" database name is no emoji.
    const found = await shortcodesIn(["src", "dev/slack-standin"], ["src/store"]);
    // The scan itself works: these are in the app's outcome lines and alert toggles.
    expect([...found.keys()]).toEqual(expect.arrayContaining(["white_check_mark", "no_bell"]));
    const missing = [...found]
      .filter(([name]) => !(name in EMOJI))
      .map(([name, file]) => `:${name}: (${file})`);
    expect(missing).toEqual([]);
  });
});
