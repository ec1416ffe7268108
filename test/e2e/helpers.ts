// Shared checks for the end-to-end tests: what every test asserts about the bot's requests, and small readers
// for the messages and components the bot sent.
import { expect } from 'vitest';
import { type Json, type LocalDiscord, type RecordedRequest, type WireMessage } from './emulator/index.ts';

/** Requests that carry a message the bot wrote, with the body whose allowed_mentions Discord reads. */
export function messageBodies(requests: readonly RecordedRequest[]): { request: RecordedRequest; body: Json }[] {
  const out: { request: RecordedRequest; body: Json }[] = [];
  for (const request of requests) {
    const body = isJson(request.body) ? request.body : null;
    if (!body) continue;
    switch (request.route) {
      case 'POST /interactions/:interaction/:token/callback':
        // 4 = reply, 7 = update the message; 5/6 carry no text, 8 is autocomplete.
        if ((body.type === 4 || body.type === 7) && isJson(body.data)) out.push({ request, body: body.data });
        break;
      case 'POST /webhooks/:app/:token':
      case 'PATCH /webhooks/:app/:token/messages/:message':
      case 'POST /channels/:channel/messages':
      case 'PATCH /channels/:channel/messages/:message':
        out.push({ request, body });
        break;
    }
  }
  return out;
}

/** Messages whose allowed_mentions would let Discord parse @everyone, roles or users out of the text. */
export function mentionLeaks(requests: readonly RecordedRequest[]): string[] {
  return messageBodies(requests)
    .filter(({ body }) => {
      const am = body.allowed_mentions;
      return !isJson(am) || !Array.isArray(am.parse) || am.parse.length !== 0;
    })
    .map(({ request, body }) => `${request.method} ${request.route}: allowed_mentions ${JSON.stringify(body.allowed_mentions)}`);
}

/**
 * What afterEach checks, over every request since the last check (so requests made in beforeAll, or by the
 * scheduler between tests, are covered too, and each problem is reported once): no body broke Discord's contract
 * (`discord.contractViolations`), no call to a route the emulator does not know (`discord.unexpected`), and every
 * message went out with allowed_mentions.parse = [].
 */
export function requestChecker(discord: LocalDiscord): () => void {
  let checked = 0;
  // A request still being read or handled (a DM upload under load) is checked next time, once its route is known.
  let pending: RecordedRequest[] = [];
  return () => {
    const candidates = [...pending, ...discord.requests.slice(checked)];
    checked = discord.requests.length;
    pending = candidates.filter((r) => !r.settled);
    const fresh = new Set(candidates.filter((r) => r.settled));
    expect(discord.contractViolations.filter((r) => fresh.has(r)).map((r) => `${r.method} ${r.route}: ${r.contractErrors.join('; ')}`)).toEqual([]);
    expect(discord.unexpected.filter((r) => fresh.has(r)).map((r) => `${r.method} ${r.path} (${r.status})`)).toEqual([]);
    expect(mentionLeaks([...fresh])).toEqual([]);
  };
}

/** Rethrows a failed wait with the bot's last log lines attached. */
export async function withLogs<T>(bot: { tail(): string }, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error) error.message += `\n${bot.tail()}`;
    throw error;
  }
}

interface Component extends Json {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  options?: { label: string; value: string }[];
}

/** Every button and menu in a message, rows flattened. */
export function componentsOf(message: { components?: unknown } | undefined): Component[] {
  const out: Component[] = [];
  const walk = (c: unknown) => {
    if (!isJson(c)) return;
    if (c.type !== 1 && typeof c.custom_id === 'string') out.push(c as Component);
    if (Array.isArray(c.components)) c.components.forEach(walk);
  };
  if (Array.isArray(message?.components)) message.components.forEach(walk);
  return out;
}

export function embedText(message: { content?: unknown; embeds?: unknown } | undefined): string {
  const parts: string[] = [];
  if (typeof message?.content === 'string') parts.push(message.content);
  for (const e of Array.isArray(message?.embeds) ? message.embeds : []) {
    if (!isJson(e)) continue;
    for (const key of ['title', 'description'] as const) if (typeof e[key] === 'string') parts.push(e[key]);
    for (const f of Array.isArray(e.fields) ? e.fields : []) if (isJson(f)) parts.push(`${String(f.name)}\n${String(f.value)}`);
    if (isJson(e.footer) && typeof e.footer.text === 'string') parts.push(e.footer.text);
  }
  return parts.join('\n');
}

export function firstEmbedTitle(message: WireMessage | { embeds?: unknown } | undefined): string {
  const first = Array.isArray(message?.embeds) ? message.embeds[0] : undefined;
  return isJson(first) && typeof first.title === 'string' ? first.title : '';
}

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
