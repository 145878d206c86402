import { describe, expect, it } from "vitest";
import { formatSlackDate, type MrkdwnContext, renderMrkdwn } from "../../../dev/slack-standin/mrkdwn.ts";
import { signSlackRequest } from "../../../dev/slack-standin/signature.ts";

const ctx: MrkdwnContext = {
  userName: (id) => ({ U1: "Alice Approver" })[id],
  channelName: (id) => ({ C1: "partner-ops" })[id],
  usergroupHandle: (id) => ({ S1: "pc-approvers" })[id],
  timeZone: "Europe/Berlin",
  now: new Date("2024-11-22T10:00:00Z"),
};
const render = (text: string) => renderMrkdwn(text, ctx);

describe("signSlackRequest", () => {
  it("matches the worked example in Slack's 'Verifying requests from Slack'", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
      "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
      "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
      "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("renderMrkdwn", () => {
  it("renders bold, italic, strike and inline code", () => {
    expect(render("*bold* _italic_ ~gone~ `x < y`")).toBe(
      '<b>bold</b> <i>italic</i> <s>gone</s> <code class="sl-code">x &lt; y</code>',
    );
  });

  it("needs word boundaries around formatting, as Slack does", () => {
    expect(render("2*3*4 snake_case_name *stuck*x")).toBe("2*3*4 snake_case_name *stuck*x");
  });

  it("nests formatting and keeps mentions inside it", () => {
    expect(render("*bold _and italic_ <@U1>*")).toBe(
      '<b>bold <i>and italic</i> <span class="sl-mention">@Alice Approver</span></b>',
    );
  });

  it("keeps code blocks literal, including markup and formatting characters", () => {
    expect(render("before\n```<b>*not bold*</b>\n&amp;```\nafter")).toBe(
      'before<pre class="sl-pre">&lt;b&gt;*not bold*&lt;/b&gt;\n&amp;</pre>after',
    );
  });

  it("shows Slack's escaped entities as the characters they stand for, once", () => {
    expect(render("Ben &amp; Jerry &lt;3 &gt; &amp;lt;")).toBe("Ben &amp; Jerry &lt;3 &gt; &amp;lt;");
  });

  it("never lets raw markup through", () => {
    const html = render('<script>alert(1)</script> <img src=x onerror="alert(1)"> "quoted"');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;quoted&quot;");
  });

  it("links <url|text>, bare URLs and mailto, and refuses other schemes", () => {
    expect(render("<https://example.com/a?b=1&amp;c=2|Open &amp; see>")).toBe(
      '<a class="sl-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Open &amp; see</a>',
    );
    expect(render("see https://example.com/x.")).toBe(
      'see <a class="sl-link" href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>.',
    );
    expect(render("<mailto:a@example.com|mail>")).toContain('href="mailto:a@example.com"');
    expect(render("<javascript:alert(1)|click>")).toBe("&lt;javascript:alert(1)|click&gt;");
  });

  it("renders user, channel, group and broadcast mentions", () => {
    expect(render("<@U1> <@U9|bob> <#C1> <#C2|other> <!subteam^S1> <!here> <!channel>")).toBe(
      [
        '<span class="sl-mention">@Alice Approver</span>',
        '<span class="sl-mention">@bob</span>',
        '<span class="sl-mention">#partner-ops</span>',
        '<span class="sl-mention">#other</span>',
        '<span class="sl-mention">@pc-approvers</span>',
        '<span class="sl-mention sl-broadcast">@here</span>',
        '<span class="sl-mention sl-broadcast">@channel</span>',
      ].join(" "),
    );
  });

  it("shows an escaped &lt;!channel&gt; as text, not as a mention", () => {
    expect(render("&lt;!channel&gt; Corp")).toBe("&lt;!channel&gt; Corp");
  });

  it("renders quotes, list lines and emoji", () => {
    expect(render("&gt; quoted\nplain\n• one\n- two\n:white_check_mark: :no_such_emoji:")).toBe(
      '<blockquote class="sl-quote">quoted</blockquote>plain' +
        '<span class="sl-li" data-depth="0"><span class="sl-li-marker">•</span>one</span>' +
        '<span class="sl-li" data-depth="0"><span class="sl-li-marker">-</span>two</span>' +
        '<span class="sl-emoji" title=":white_check_mark:">✅</span> :no_such_emoji:',
    );
  });

  it("renders date tokens in the reader's zone, with the fallback when unusable", () => {
    // 1732280000 is 2024-11-22 12:53:20 UTC: 13:53 in Berlin, 04:53 in Los Angeles.
    expect(render("<!date^1732280000^{date_short_pretty} at {time}|Nov 22>")).toBe(
      '<time class="sl-date" datetime="2024-11-22T12:53:20.000Z">today at 1:53 PM</time>',
    );
    expect(
      renderMrkdwn("<!date^1732280000^{date_short} {time}|x>", { ...ctx, timeZone: "America/Los_Angeles" }),
    ).toContain("Nov 22, 2024 4:53 AM");
    expect(render("<!date^not-a-number^{date}|the fallback>")).toBe("the fallback");
  });
});

describe("formatSlackDate", () => {
  const now = new Date("2024-11-22T10:00:00Z");
  it("supports Slack's tokens", () => {
    const at = 1732280000;
    expect(formatSlackDate(at, "{date_num}|{date}|{date_long}|{time_secs}", "UTC", now)).toBe(
      "2024-11-22|November 22nd, 2024|Friday, November 22nd, 2024|12:53:20 PM",
    );
    expect(formatSlackDate(at + 86_400, "{date_pretty}", "UTC", now)).toBe("tomorrow");
    expect(formatSlackDate(at - 86_400, "{date_short_pretty}", "UTC", now)).toBe("yesterday");
    expect(formatSlackDate(at + 3 * 86_400, "{date_short_pretty}", "UTC", now)).toBe("Nov 25, 2024");
    expect(formatSlackDate(at, "{ago}", "UTC", now)).toBe("in 2 hours");
  });

  it("gives up on an unknown zone so the caller shows the fallback", () => {
    expect(formatSlackDate(1732280000, "{date}", "Not/AZone", now)).toBeUndefined();
  });
});
