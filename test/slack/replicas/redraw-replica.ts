/**
 * A second process redrawing channel messages, for test/slack/redraws-across-replicas.test.ts: opens the
 * store on PostgreSQL, prints "ready", then reads one line of JSON (the decisions to show: location and
 * invitation) and shows each, one after the other, as a replica handling Partner Central's events does,
 * with a real WebClient pointed at the test's Slack. Prints "done" at the end.
 * Arguments: database URL, schema, Slack API URL.
 */
import { once } from "node:events";
import { WebClient } from "@slack/web-api";
import type { InvitationRef } from "../../../src/events/model.ts";
import { slackPlaces } from "../../../src/slack/decided-elsewhere.ts";
import { openStore } from "../../../src/store/index.ts";

const [databaseUrl, schema, slackApiUrl] = process.argv.slice(2);
const store = await openStore({ databaseUrl: databaseUrl ?? "", ...(schema ? { schema } : {}) });
const client = new WebClient("xoxb-replica-test", { slackApiUrl: slackApiUrl ?? "" });
// A channel message needs neither the Home service nor the approvers.
const { showDecision: show } = slackPlaces({ client, store, logger: console } as unknown as Parameters<
  typeof slackPlaces
>[0]);
process.stdout.write("ready\n");
const [line] = (await once(process.stdin, "data")) as [Buffer];
const decisions = JSON.parse(String(line)) as Array<{ location: string; invitation: InvitationRef }>;
for (const { location, invitation } of decisions) {
  await show(location, invitation, { status: "ACCEPTED", at: new Date("2030-01-01T00:00:00Z") });
}
await store.close();
process.stdout.write("done\n");
