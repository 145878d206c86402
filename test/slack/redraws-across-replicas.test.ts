import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Invitation, invitationKey } from "../../src/partnercentral/model.ts";
import { renderNewInvitations } from "../../src/slack/blocks/alerts.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { recordChannelMessage } from "../../src/slack/invitation-places.ts";
import { openStore } from "../../src/store/index.ts";
import { engagement, NOW } from "../fixtures/invitations.ts";
import { startReplica } from "../helpers/processes.ts";
import { findButton, messageJson } from "../helpers/slack.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../store/helpers.ts";

/** Slack's chat.update as a test sees it: every message it was given, in the order they arrived. */
async function fakeSlack() {
  const updates: Array<{ text: string; blocks: unknown[] }> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += String(chunk);
    });
    request.on("end", () => {
      const form = new URLSearchParams(body);
      if (request.url?.endsWith("/chat.update")) {
        updates.push({ text: form.get("text") ?? "", blocks: JSON.parse(form.get("blocks") ?? "[]") });
      }
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    updates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Registered only where a server is available, as the store's PostgreSQL tests; CI sets TEST_DATABASE_URL.
if (TEST_DATABASE_URL !== undefined) {
  const databaseUrl = TEST_DATABASE_URL;

  describe("redraws of one channel message by two processes on one PostgreSQL", () => {
    it("lose no decision, in the stored copy or in Slack", async () => {
      const schema = uniqueSchema();
      const slack = await fakeSlack();
      const store = await openStore({ databaseUrl, schema });
      const replicas: ReturnType<typeof startReplica>[] = [];
      try {
        const invitations = Array.from({ length: 12 }, () => engagement()) as Invitation[];
        const deps = { store, logger: console, config: { events: { queueUrl: "https://sqs.example/q" } } };
        await recordChannelMessage(deps, "C0TEAM00001", "1.2", renderNewInvitations(invitations, NOW));
        const decisions = await Promise.all(
          invitations.map(async ({ kind, catalog, id }) => ({
            location: (await store.invitationMessages.find(invitationKey({ kind, catalog, id })))[0],
            invitation: { kind, catalog, id },
          })),
        );
        const script = join(import.meta.dirname, "replicas", "redraw-replica.ts");
        for (let i = 0; i < 2; i++) replicas.push(startReplica(script, [databaseUrl, schema, slack.url]));
        expect(await Promise.all(replicas.map((r) => r.nextLine()))).toEqual(["ready", "ready"]);
        // Each takes every other decision, so both change the one message all the time.
        replicas.forEach((r, n) => {
          r.child.stdin.write(`${JSON.stringify(decisions.filter((_, i) => i % 2 === n))}\n`);
        });
        expect(await Promise.all(replicas.map((r) => r.nextLine()))).toEqual(["done", "done"]);

        const memoryKey = String(decisions[0]?.location?.split(":")[3]);
        const copy = JSON.parse((await store.messages.recall(memoryKey, "channel-message"))?.value ?? "{}");
        const shown = slack.updates.at(-1) ?? { blocks: [] };
        for (const message of [copy, shown]) {
          expect(findButton(message, ACTION.accept)).toBeUndefined();
          expect(messageJson(message).match(/Accepted in Partner Central/g)).toHaveLength(invitations.length);
        }
        expect(shown.blocks).toEqual(copy.blocks);
      } finally {
        for (const r of replicas) r.child.kill();
        await store.close();
        await slack.close();
        await dropSchema(databaseUrl, schema);
      }
    }, 60_000);
  });
}
