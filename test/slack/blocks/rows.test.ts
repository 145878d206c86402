import { describe, expect, it } from "vitest";
import { renderExpiring } from "../../../src/slack/blocks/digest.js";
import { plural } from "../../../src/slack/blocks/text.js";
import { engagement, NOW } from "../../fixtures/invitations.js";

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
