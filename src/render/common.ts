// Small pure helpers shared by every renderer: limits, lists, sources, the safety footer.
import type { APIEmbedField, APIEmbedFooter } from 'discord.js';
import type { Knowledge } from '../content/load.ts';

/** Discord's documented message and embed limits, which src/render/limits.ts holds every payload to. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  content: 2000,
  buttonLabel: 80,
  selectOptions: 25,
  selectLabel: 100,
  selectDescription: 100,
  customId: 100,
} as const;

export const COLORS = {
  brand: 0x5865f2,
  causes: 0xf1c40f,
  relief: 0x2ecc71,
  prevention: 0x3498db,
  stretch: 0x1abc9c,
  emergency: 0xe74c3c,
  urgent: 0xe67e22,
  soon: 0xf1c40f,
  neutral: 0x95a5a6,
} as const;

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A bullet list cut at whole lines, so a list never ends mid-sentence. */
export function bullets(lines: readonly string[], max: number = LIMITS.fieldValue, mark = '•'): string {
  return fitLines(lines.map((l) => `${mark} ${l}`), max);
}

export function numbered(lines: readonly string[], max: number = LIMITS.fieldValue): string {
  return fitLines(lines.map((l, i) => `${i + 1}. ${l}`), max);
}

/** Whole lines, as many as fit in `max` characters. */
export function fitLines(lines: readonly string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = line.length + (out.length > 0 ? 1 : 0);
    if (used + cost > max) {
      if (out.length === 0) out.push(truncate(line, max));
      break;
    }
    out.push(line);
    used += cost;
  }
  return out.join('\n');
}

export function field(name: string, value: string, inline = false): APIEmbedField {
  return { name: truncate(name, LIMITS.fieldName), value: truncate(value || '—', LIMITS.fieldValue), inline };
}

/** Sources as markdown links where we have an address, titles otherwise. */
export function sourceLines(knowledge: Knowledge, ids: readonly string[]): string[] {
  return [...new Set(ids)].map((id) => {
    const s = knowledge.sourceById.get(id);
    if (!s) return id;
    return s.url ? `[${s.title}](${s.url})` : `${s.title} (source article)`;
  });
}

/** Sources never vanish silently: when they don't all fit, the last line says how many more and where they are. */
export function sourcesField(knowledge: Knowledge, ids: readonly string[]): APIEmbedField {
  const lines = sourceLines(knowledge, ids).map((l) => `· ${l}`);
  return field('Sources', fitWithMore(lines, LIMITS.fieldValue, (hidden) => `· and ${hidden} more — **/about**`));
}

/** All the lines if they fit; otherwise as many as fit followed by `more(how many were left out)`. */
function fitWithMore(lines: readonly string[], max: number, more: (hidden: number) => string): string {
  for (let shown = lines.length; shown >= 0; shown--) {
    const text = [...lines.slice(0, shown), ...(shown < lines.length ? [more(lines.length - shown)] : [])].join('\n');
    if (text.length <= max) return text;
  }
  return truncate(more(lines.length), max);
}

/** The one-line safety footer every advice card carries. */
export function safetyFooter(knowledge: Knowledge): APIEmbedFooter {
  return { text: truncate(knowledge.redflags.footer, LIMITS.footer) };
}

export function holdText(hold: { min: number; max: number } | null): string {
  if (!hold) return 'moving, no hold';
  return hold.min === hold.max ? `${hold.min} s` : `${hold.min}–${hold.max} s`;
}
