import { describe, expect, it } from "vitest";
import { renderEngagementDetails } from "../../../src/slack/blocks/details.ts";
import { countryName, dayToken, formatMoney, webLink } from "../../../src/slack/blocks/text.ts";
import { hostileEngagementDetails, NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped } from "../../helpers/block-kit.ts";

describe("details read like a person wrote them", () => {
  it("shows money as money, countries by name, days as dates and websites as links", () => {
    expect(formatMoney("99000.00", "USD")).toBe("$99,000");
    expect(formatMoney("1234.5", "EUR")).toBe("€1,234.50");
    expect(formatMoney("lots", "USD")).toBe("lots USD");
    expect(formatMoney("10", "<!x>")).toBe("10 &lt;!x&gt;");
    expect(countryName("de")).toBe("Germany");
    expect(countryName("<!channel>")).toBe("&lt;!channel&gt;");
    expect(dayToken("2027-03-31")).toBe("<!date^1806494400^{date_short_pretty}|2027-03-31>");
    expect(dayToken("end of Q1")).toBe("end of Q1");
    expect(webLink("https://www.acme.com/about")).toBe("<https://www.acme.com/about|www.acme.com>");
    expect(webLink("https://evil.example/<!channel>|click & go")).toBe(
      "<https://evil.example/%3C!channel%3E%7Cclick%20&amp;%20go|evil.example>",
    );
    expect(webLink("javascript:alert(1)")).toBe("javascript:alert(1)");
  });

  it("renders an engagement invitation's customer, spend and target date that way", () => {
    const details = hostileEngagementDetails();
    const message = renderEngagementDetails(
      {
        ...details,
        customer: { companyName: "Acme", countryCode: "GB", websiteUrl: "https://acme.example" },
        project: {
          title: "Lake",
          targetCompletionDate: "2027-01-31",
          expectedSpend: [
            { amount: "99000.00", currencyCode: "USD", frequency: "Monthly", targetCompany: "AWS" },
          ],
        },
      },
      NOW,
      { withActions: true },
    );
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("*Acme* · United Kingdom · <https://acme.example/|acme.example>");
    expect(json).toContain("$99,000 a month for AWS");
    expect(json).toContain("{date_short_pretty}|2027-01-31>");
    expectNothingUnescaped(message, { links: ["https://acme.example/"] });
  });
});
