import { readFile } from "node:fs/promises";
import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ListenerDeps } from "../../src/slack/deps.ts";
import { register } from "../../src/slack/events/index.ts";

describe("manifest.yml", () => {
  it("subscribes to exactly the bot events the app listens to", async () => {
    const manifest = parse(await readFile(new URL("../../manifest.yml", import.meta.url), "utf8"));
    const listened: string[] = [];
    const app = { event: (name: string) => listened.push(name) } as unknown as App;
    register(app, {} as ListenerDeps);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(listened.sort());
  });
});
