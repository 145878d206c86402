import { describe, expect, it } from "vitest";
import { type RenderContext, renderBlocks } from "../../../dev/slack-standin/blocks.ts";

const ctx: RenderContext = {
  userName: (id) => ({ U1: "Alice Approver" })[id],
  channelName: (id) => ({ C1: "partner-ops" })[id],
  usergroupHandle: () => undefined,
  timeZone: "UTC",
  now: new Date("2024-11-22T10:00:00Z"),
  users: [{ id: "U1", realName: "Alice Approver" }],
  channels: [{ id: "C1", name: "partner-ops" }],
};

/** Parses the HTML the way the page's browser would, by counting what became an element. */
const tags = (html: string) => [...html.matchAll(/<([a-z][\w-]*)/g)].map((m) => m[1]);

describe("renderBlocks", () => {
  it("renders buttons with their styles, IDs and confirm dialogs", () => {
    const html = renderBlocks(
      [
        {
          type: "actions",
          block_id: "b1",
          elements: [
            {
              type: "button",
              action_id: "ok",
              style: "primary",
              text: { type: "plain_text", text: "OK :tada:" },
            },
            {
              type: "button",
              action_id: "no",
              style: "danger",
              text: { type: "plain_text", text: "No" },
              confirm: {
                title: { type: "plain_text", text: "Sure?" },
                text: { type: "mrkdwn", text: "It *cannot* be undone" },
                confirm: { type: "plain_text", text: "Reject" },
                deny: { type: "plain_text", text: "Keep" },
                style: "danger",
              },
            },
          ],
        },
      ],
      ctx,
    );
    expect(html).toContain(
      '<button type="button" class="sl-btn sl-btn-primary" data-sl-action data-kind="button" data-block-id="b1" data-action-id="ok">OK <span class="sl-emoji" title=":tada:">🎉</span></button>',
    );
    expect(html).toContain('class="sl-btn sl-btn-danger"');
    expect(html).toMatch(/<template class="sl-confirm-tpl">[\s\S]*Sure\?[\s\S]*It <b>cannot<\/b> be undone/);
    expect(html).toContain('data-sl-confirm="deny">Keep</button>');
    expect(html).toContain('class="sl-btn sl-btn-danger" data-sl-confirm="confirm">Reject</button>');
  });

  it("makes link buttons open in a new tab, and only for safe URLs", () => {
    const link = (url: string) =>
      renderBlocks(
        [
          {
            type: "actions",
            block_id: "b",
            elements: [{ type: "button", action_id: "go", url, text: { type: "plain_text", text: "Go" } }],
          },
        ],
        ctx,
      );
    expect(link("https://example.com/?a=1&b=2")).toContain(
      'href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"',
    );
    expect(link("javascript:alert(1)")).not.toContain("href");
  });

  it("escapes hostile values wherever they land, attributes included", () => {
    const hostile = `"><script>alert(1)</script>`;
    const html = renderBlocks(
      [
        { type: "header", text: { type: "plain_text", text: hostile } },
        {
          type: "section",
          block_id: hostile,
          text: { type: "plain_text", text: hostile },
          fields: [{ type: "mrkdwn", text: hostile }],
          accessory: {
            type: "overflow",
            action_id: hostile,
            options: [{ text: { type: "plain_text", text: hostile }, value: hostile }],
          },
        },
        { type: "image", image_url: "javascript:alert(1)", alt_text: hostile },
        {
          type: "context",
          elements: [{ type: "image", image_url: `https://x.test/a.png?${hostile}`, alt_text: hostile }],
        },
      ],
      ctx,
    );
    expect(html).not.toContain("<script");
    expect(tags(html)).not.toContain("script");
    expect(html).toContain('data-action-id="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain("javascript:");
  });

  it("renders sections with fields and accessories, context and dividers", () => {
    const html = renderBlocks(
      [
        {
          type: "section",
          block_id: "s",
          text: { type: "mrkdwn", text: "Owner <@U1>" },
          fields: [{ type: "mrkdwn", text: "*Stage*\nReview" }],
          accessory: { type: "image", image_url: "https://x.test/logo.png", alt_text: "Acme logo" },
        },
        { type: "divider" },
        { type: "context", elements: [{ type: "mrkdwn", text: "in <#C1>" }] },
        { type: "video", title: { type: "plain_text", text: "v" } },
      ],
      ctx,
    );
    expect(html).toContain('<div class="sl-field sl-mrkdwn"><b>Stage</b>\nReview</div>');
    expect(html).toContain('<img class="sl-accessory-img" src="https://x.test/logo.png" alt="Acme logo"');
    expect(html).toContain('<hr class="sl-b-divider">');
    expect(html).toContain('<span class="sl-mention">#partner-ops</span>');
    expect(html).toContain("This content can't be displayed.");
  });

  it("renders input blocks as form fields with their limits, defaults and errors", () => {
    const html = renderBlocks(
      [
        {
          type: "input",
          block_id: "reason",
          label: { type: "plain_text", text: "Reason" },
          element: {
            type: "plain_text_input",
            action_id: "t",
            multiline: true,
            max_length: 300,
            min_length: 5,
          },
        },
        {
          type: "input",
          block_id: "kind",
          optional: true,
          label: { type: "plain_text", text: "Kind" },
          element: {
            type: "radio_buttons",
            action_id: "r",
            initial_option: { text: { type: "plain_text", text: "B" }, value: "b" },
            options: [
              { text: { type: "plain_text", text: "A" }, value: "a" },
              {
                text: { type: "mrkdwn", text: "*B*" },
                value: "b",
                description: { type: "plain_text", text: "the b" },
              },
            ],
          },
        },
        {
          type: "input",
          block_id: "who",
          label: { type: "plain_text", text: "Who" },
          element: { type: "users_select", action_id: "u", initial_user: "U1" },
        },
      ],
      { ...ctx, errors: { reason: "Too short <b>" } },
    );
    expect(html).toContain(
      'data-sl-input data-type="plain_text_input" data-block-id="reason" data-action-id="t" data-required data-min-length="5"',
    );
    expect(html).toMatch(/<textarea [^>]*maxlength="300"><\/textarea>/);
    expect(html).toContain('<div class="sl-input-error" role="alert">Too short &lt;b&gt;</div>');
    expect(html).toContain('<span class="sl-optional">(optional)</span>');
    expect(html).toContain(
      'value="b" checked><span class="sl-choice-text"><b>B</b><span class="sl-choice-desc">the b</span>',
    );
    expect(html).toContain('<option value="U1" selected>Alice Approver</option>');
  });

  it("renders rich_text with styles, links, mentions and lists", () => {
    const html = renderBlocks(
      [
        {
          type: "rich_text",
          elements: [
            {
              type: "rich_text_section",
              elements: [
                { type: "text", text: "Hi ", style: { bold: true } },
                { type: "user", user_id: "U1" },
                { type: "link", url: "https://x.test", text: "<docs>" },
              ],
            },
            {
              type: "rich_text_list",
              style: "ordered",
              elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "one" }] }],
            },
          ],
        },
      ],
      ctx,
    );
    expect(html).toContain(
      '<b>Hi </b><span class="sl-mention">@Alice Approver</span><a class="sl-link" href="https://x.test"',
    );
    expect(html).toContain(">&lt;docs&gt;</a>");
    expect(html).toContain('<ol class="sl-rich-list" data-indent="0"><li>one</li></ol>');
  });
});
