import { createRng, pick, type Rng, randomInt } from "../../dev/emulator/random.ts";

/** Slack control sequences and markup that must never reach a message unescaped. */
export const HOSTILE_MARKUP = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U0VIEWER001>",
  "<@W0123ABCD|bob>",
  "<#C0TEAM00001|alliances>",
  "<!subteam^S0APPROVERS>",
  "<https://evil.example|click here>",
  "<mailto:ceo@example.com|mail>",
  "<!date^1700000000^{date}|spoof>",
  "&lt;!channel&gt;",
  "*bold* _it_ ~strike~ `code` ```block```",
];

/** Pieces that try to confuse the parser: repeated or conflicting options, quotes, flags, odd numbers. */
const INJECTIONS = [
  "status=pending status=all",
  "status=all,pending",
  "status=pending,<!channel>",
  "catalog=Sandbox catalog=AWS",
  "catalog=<!here>",
  "within=9999999999999999999",
  "within=-1",
  "within=1e3",
  "sort=asc;drop table invitations",
  "role=sender role=receiver",
  "sender=<!channel>,123456789012",
  "engagement=<@U0VIEWER001>,eng-abcdefghijklmn",
  "participant=<https://x|y>",
  'type="opportunity_collaboration" type=subsidiary',
  "days=0",
  "--help",
  "-rf /",
  "=value",
  "key=",
  "==",
  "a=b=c",
  '"unterminated',
  "'also unterminated",
  "“smart quotes”",
  '"quoted <!channel>"',
  "engi-zzzzzzzzzzzzz",
  "engi-<!channel>",
  "pacinv-ABCDEFGHIJKLM",
  "pac-<@U0VIEWER001>",
  "$(reboot)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
  "${process.exit()}",
  "__proto__=polluted",
  "constructor=x",
  "\u0000\u0007\u001b[31m",
];

const SUBCOMMANDS = [
  "help",
  "engagements",
  "engagement",
  "invitations",
  "invitation",
  "connections",
  "connection",
  "expiring",
  "audit",
  "digest",
  "ENGAGEMENTS",
  "frobnicate",
  "",
];

const WHITESPACE = [" ", "  ", "\t", "\n", " \n ", "\r\n", "\u00a0", "\u2003"];

/** A code point from the ranges where odd text lives: controls, combining marks, RTL, emoji, astral planes. */
function randomCodePoint(rng: Rng): string {
  const ranges: Array<[number, number]> = [
    [0x20, 0x7e],
    [0x00, 0x1f],
    [0xa0, 0x24f],
    [0x300, 0x36f],
    [0x590, 0x6ff],
    [0x200b, 0x202e],
    [0x3040, 0x30ff],
    [0x4e00, 0x9fff],
    [0xfe00, 0xfe0f],
    [0xfff0, 0xfffd],
    [0x1f300, 0x1faff],
    [0x10000, 0x10fff],
  ];
  const [low, high] = pick(rng, ranges);
  return String.fromCodePoint(randomInt(rng, low, high));
}

function randomUnicode(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += randomCodePoint(rng);
  return out;
}

/** 4,000 UTF-16 code units starting with `start`, then hostile material. */
function longText(rng: Rng, start: string): string {
  let out = start;
  while (out.length < 4000) {
    out += rng() < 0.5 ? pick(rng, HOSTILE_MARKUP) : randomUnicode(rng, 8);
    out += pick(rng, WHITESPACE);
  }
  const cut = out.slice(0, 4000);
  // Never end on half a surrogate pair: Slack would not send one.
  return /[\ud800-\udbff]$/.test(cut) ? `${cut.slice(0, 3999)}x` : cut;
}

function fragment(rng: Rng): string {
  const roll = rng();
  if (roll < 0.35) return pick(rng, HOSTILE_MARKUP);
  if (roll < 0.7) return pick(rng, INJECTIONS);
  if (roll < 0.9) return randomUnicode(rng, randomInt(rng, 1, 12));
  return `${pick(rng, ["status", "type", "role", "sender", "within", "catalog", "sort"])}=${pick(rng, HOSTILE_MARKUP)}`;
}

/**
 * `count` slash-command texts from a fixed seed: a subcommand (real, upper-cased, unknown or missing)
 * followed by hostile markup, option injection and random unicode; every tenth is 4,000 characters.
 */
export function hostileCommandTexts(count: number, seed = 0x5eed): string[] {
  const rng = createRng(seed);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      texts.push(longText(rng, rng() < 0.5 ? `${pick(rng, SUBCOMMANDS)} ` : ""));
      continue;
    }
    const parts = [pick(rng, SUBCOMMANDS)];
    const extra = randomInt(rng, 0, 5);
    for (let j = 0; j < extra; j++) parts.push(fragment(rng));
    texts.push(parts.map((p) => p + pick(rng, WHITESPACE)).join(""));
  }
  return texts;
}
