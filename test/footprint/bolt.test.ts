import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadBolt } from "../../src/slack/bolt.ts";

const require = createRequire(import.meta.url);
const loaded = (part: string) => Object.keys(require.cache).some((path) => path.includes(part));

describe("loadBolt", () => {
  it("gives Bolt's App and receivers without Express, and the Socket Mode client only for a Socket Mode receiver", () => {
    const { App, HTTPReceiver, SocketModeReceiver } = loadBolt();
    expect(new HTTPReceiver({ signingSecret: "secret" })).toBeInstanceOf(HTTPReceiver);
    expect(typeof App).toBe("function");
    expect(loaded("/node_modules/express/")).toBe(false);
    expect(loaded("/node_modules/undici/")).toBe(false);

    const receiver = new SocketModeReceiver({ appToken: "xapp-1-A111-1-footprint" });
    const { SocketModeClient } = require("@slack/socket-mode") as typeof import("@slack/socket-mode");
    expect(receiver.client).toBeInstanceOf(SocketModeClient);
    expect(loaded("/node_modules/undici/")).toBe(true);
  });
});
