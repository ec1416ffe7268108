// Renderers name commands in bold, as `/remind resume` between double asterisks: plain text, pure, the same in `npm run try`. On the way
// to Discord (the router's replies, the scheduler's posts and DMs) `linkCommands` turns each such reference
// into a clickable command mention, `</remind resume:123>`, once the process knows the ids (AppContext's
// commandIds). Only where Discord renders mentions: message content, embed descriptions and field values
// (not titles, field names, footers or buttons). A mention is longer than the plain reference, so a text that
// would outgrow its limit, or an embed that would outgrow 6000 characters, keeps its plain references.
import type { APIEmbed } from 'discord.js';
import type { MessageBody } from './message.ts';
import { LIMITS } from './common.ts';

/** How a command reference is written: `</name sub:id>` when the id is known, else bold plain text as renderers write it. */
export type Mention = (name: string, subcommand?: string) => string;

// A bold `/name` or `/name sub`, exactly: a bold `/stretch name:` (an option to fill in) is left alone.
const REFERENCE = /\*\*\/([a-z0-9_-]{1,32})(?: ([a-z0-9_-]{1,32}))?\*\*/g;

/** The text with its command references as mentions, or unchanged when that would not fit in `max`. */
export function linkText(text: string, mention: Mention, max: number): string {
  const linked = text.replace(REFERENCE, (_whole, name: string, sub: string | undefined) => mention(name, sub));
  return linked.length <= max ? linked : text;
}

/** The body with clickable command mentions wherever they fit; everything else as it was. */
export function linkCommands<B extends MessageBody>(body: B, mention: Mention): B {
  const out: B = { ...body };
  if (body.content !== undefined) out.content = linkText(body.content, mention, LIMITS.content);
  if (body.embeds !== undefined) {
    const linked = body.embeds.map((e) => linkEmbed(e, mention));
    out.embeds = embedsLength(linked) <= LIMITS.embedTotal ? linked : body.embeds;
  }
  return out;
}

function linkEmbed(embed: APIEmbed, mention: Mention): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (embed.description !== undefined) out.description = linkText(embed.description, mention, LIMITS.description);
  if (embed.fields !== undefined) out.fields = embed.fields.map((f) => ({ ...f, value: linkText(f.value, mention, LIMITS.fieldValue) }));
  return out;
}

/** What Discord counts toward the 6000 characters all of a message's embeds share. */
function embedsLength(embeds: readonly APIEmbed[]): number {
  let total = 0;
  for (const e of embeds) {
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  return total;
}
