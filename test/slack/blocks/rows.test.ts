import { describe, expect, it } from "vitest";
import { renderExpiring } from "../../../src/slack/blocks/digest.ts";
import { rejectModal } from "../../../src/slack/blocks/modals.ts";
import { plural } from "../../../src/slack/blocks/text.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import { connectionInvitation, engagement, NOW } from "../../fixtures/invitations.ts";
import { expectWithinSlackLimits } from "../../helpers/block-kit.ts";

type Block = { type: string; block_id?: string };

describe("one click to act, fewer blocks", () => {
  it("holds at least 15 actionable rows in one 50-block digest", () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0
        ? connectionInvitation({
            expiresInHours: 2 + i * 2.5,
            counterpart: { name: "Northwind Cloud Solutions", identifier: "210987654321" },
          })
        : engagement({ expiresInHours: 2 + i * 2.5, title: "Kubernetes platform rebuild for a customer" }),
    );
    const message = renderExpiring({ invitations: many, now: NOW, windowDays: 5, catalog: "AWS" });
    const blocks = (message?.blocks ?? []) as Block[];
    expectWithinSlackLimits({ blocks });
    const actionable = blocks.filter(
      (b) => b.type === "actions" && JSON.stringify(b).includes(`"action_id":"${ACTION.accept}"`),
    );
    expect(actionable.length).toBeGreaterThanOrEqual(15);
  });
});

describe("Slack's limits, whatever the data", () => {
  it("keeps a row's confirmation, menu and text within them for the longest titles and names", () => {
    const long = "w".repeat(500);
    const rows = [
      engagement({ title: long, counterpart: { name: long, awsAccountId: "123456789012" } }),
      connectionInvitation({ role: "SENDER", title: long, counterpart: { name: long, identifier: long } }),
    ];
    const message = renderExpiring({ invitations: rows, now: NOW, windowDays: 5, catalog: "AWS" });
    expectWithinSlackLimits({ blocks: message?.blocks ?? [] });
  });
});

describe("plurals", () => {
  it("counts one and many alike everywhere", () => {
    expect(plural(1, "invitation")).toBe("1 invitation");
    expect(plural(2, "invitation")).toBe("2 invitations");
    expect(plural(0, "day")).toBe("0 days");
  });

  it("never says “2 expires” in what a digest could not show", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      engagement({ expiresInHours: 1 + i * 1.5, title: "y".repeat(300) }),
    );
    const text = JSON.stringify(
      renderExpiring({ invitations: many, now: NOW, windowDays: 5, catalog: "AWS" }),
    );
    expect(text).toContain("Not shown here");
    expect(text).not.toMatch(/\b([02-9]|\d{2,}) expires\b/);
  });
});

describe("reject forms", () => {
  type Input = {
    type: "input";
    block_id: string;
    optional?: boolean;
    label: { text: string };
    hint?: { text: string };
    element: { max_length?: number };
  };
  const inputs = (kind: "engagement" | "connection") =>
    (rejectModal({ kind, subject: "*x*", metadata: "k" }).blocks as unknown as Input[]).filter(
      (b) => b.type === "input",
    );

  it("lets Slack mark the connection invitation's reason optional, once, and caps it at 256", () => {
    const [reason] = inputs("connection");
    expect(reason?.optional).toBe(true);
    expect(reason?.label.text).not.toMatch(/optional/i);
    expect(reason?.element.max_length).toBe(256);
  });

  it("says the engagement form's own words are needed for “Other”, without calling them required, and caps them at 80", () => {
    const text = inputs("engagement").find((b) => b.block_id === "reason_text");
    expect(text?.element.max_length).toBe(80);
    expect(text?.optional).toBe(true);
    // Slack adds “(optional)” to the label: it must not contradict it.
    expect(text?.label.text).not.toMatch(/required|optional/i);
    expect(text?.hint?.text).toMatch(/^Needed when you choose “Other”/);
  });
});
