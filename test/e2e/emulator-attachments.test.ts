// The local Discord's uploads (multipart bodies): what discord.js sends for files with descriptions passes the
// contract check and is stored as Discord stores it; an edit's `attachments` decides which files stay; and the
// contract refuses what Discord would (an attachment:// naming no file, an attachments entry naming no part, a
// description over 1024 characters, a part not named files[n], a file name Discord would rewrite).
import { createHash } from 'node:crypto';
import { Client, Events, GatewayIntentBits, type Interaction, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentIssues, button, startLocalDiscord, type LocalDiscord, type RecordedFile } from './emulator/index.ts';

let discord: LocalDiscord;
let client: Client;

/** Two tiny, different "pictures": the emulator checks the form, not the image. */
const PNG_A = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PNG_B = Buffer.concat([PNG_A, Buffer.from('b')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function general(): TextChannel {
  return client.channels.cache.get(discord.fixture.channels.general.id) as TextChannel;
}

/** A raw multipart post, as a client other than discord.js might send it. */
async function rawPost(payload: unknown, parts: { field: string; name: string; data: Buffer }[]): Promise<{ status: number; body: { code?: number } }> {
  const form = new FormData();
  for (const p of parts) form.append(p.field, new Blob([p.data], { type: 'image/png' }), p.name);
  form.append('payload_json', JSON.stringify(payload));
  const res = await fetch(`${discord.apiUrl}/v10/channels/${discord.fixture.channels.general.id}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${discord.token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { code?: number } };
}

const lastErrors = () => discord.contractViolations.at(-1)?.contractErrors.join('\n') ?? '';

beforeAll(async () => {
  discord = await startLocalDiscord();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

describe('uploads from discord.js', () => {
  it('a file with a description, shown by the embed as attachment://, passes and is stored with its description', async () => {
    const before = discord.contractViolations.length;
    const sent = await general().send({
      embeds: [{ title: 'Knee rolls', image: { url: 'attachment://knee-rolls.png' } }],
      files: [{ attachment: PNG_A, name: 'knee-rolls.png', description: 'A person lying on their back, knees rolling to one side.' }],
    });
    expect(discord.contractViolations.length).toBe(before);
    const request = discord.requests.findLast((r) => r.method === 'POST' && r.route === 'POST /channels/:channel/messages')!;
    expect(request.files).toEqual<RecordedFile[]>([{ field: 'files[0]', name: 'knee-rolls.png', contentType: 'image/png', size: PNG_A.length, sha256: sha(PNG_A) }]);
    expect(request.body).toMatchObject({ attachments: [{ id: '0', description: 'A person lying on their back, knees rolling to one side.' }] });
    expect(discord.message(sent.id)?.attachments).toEqual([
      expect.objectContaining({ filename: 'knee-rolls.png', description: 'A person lying on their back, knees rolling to one side.', content_type: 'image/png', size: PNG_A.length }),
    ]);
  });

  it('an edit keeps the attachments it lists, and with attachments: [] and a new file has only the new one', async () => {
    const sent = await general().send({ files: [{ attachment: PNG_A, name: 'a.png', description: 'A' }] });
    const [first] = discord.message(sent.id)!.attachments;
    await sent.edit({ content: 'kept', attachments: [sent.attachments.first()!] });
    expect(discord.message(sent.id)!.attachments).toEqual([first]);
    await sent.edit({ embeds: [{ image: { url: 'attachment://b.png' } }], files: [{ attachment: PNG_B, name: 'b.png', description: 'B' }], attachments: [] });
    expect(discord.message(sent.id)!.attachments).toEqual([expect.objectContaining({ filename: 'b.png', description: 'B' })]);
    expect(discord.contractViolations.filter((r) => r.path.includes(sent.id))).toEqual([]);
  });

  it('an interaction update (type 7) replaces the message’s picture the same way', async () => {
    const sent = await general().send({
      embeds: [{ image: { url: 'attachment://a.png' } }],
      files: [{ attachment: PNG_A, name: 'a.png', description: 'A' }],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Next', custom_id: 'next' }] }],
    });
    const handled = new Promise<void>((resolve, reject) => {
      const on = (interaction: Interaction) => {
        if (!interaction.isButton()) return;
        client.off(Events.InteractionCreate, on);
        interaction
          .update({ embeds: [{ image: { url: 'attachment://b.png' } }], files: [{ attachment: PNG_B, name: 'b.png', description: 'B' }], attachments: [] })
          .then(() => resolve(), reject);
      };
      client.on(Events.InteractionCreate, on);
    });
    const handle = discord.injectInteraction(button('next', { message: sent.id }));
    await handled;
    expect((await handle.response()).type).toBe(7);
    expect(discord.message(sent.id)!.attachments).toEqual([expect.objectContaining({ filename: 'b.png', description: 'B' })]);
    expect(discord.contractViolations.filter((r) => r.path.includes(handle.id))).toEqual([]);
  });
});

describe('the contract refuses what Discord would', () => {
  const file = (name = 'a.png', field = 'files[0]') => ({ field, name, data: PNG_A });

  it('an embed’s attachment:// naming no file of the request', async () => {
    const r = await rawPost({ embeds: [{ image: { url: 'attachment://missing.png' } }] }, [file()]);
    expect([r.status, r.body.code]).toEqual([400, 50035]);
    expect(lastErrors()).toMatch(/^embeds\.0\.image\.url: attachment:\/\/missing\.png names no file of this request/);
  });

  it('an attachments entry naming no files[n] part, or another file’s name', async () => {
    await rawPost({ content: 'x', attachments: [{ id: 1, description: 'd' }] }, [file()]);
    expect(lastErrors()).toMatch(/attachments\.0\.id: Attachment id 1 names no uploaded files\[1\]/);
    await rawPost({ content: 'x', attachments: [{ id: 0, filename: 'b.png' }] }, [file()]);
    expect(lastErrors()).toMatch(/says filename "b\.png", but files\[0\] is "a\.png"/);
  });

  it('a description over 1024 characters, a part not named files[n], a name Discord would rewrite', async () => {
    await rawPost({ content: 'x', attachments: [{ id: 0, description: 'd'.repeat(1025) }] }, [file()]);
    expect(lastErrors()).toMatch(/attachments\.0\.description: Must be 1024 or fewer/);
    await rawPost({ content: 'x' }, [file('a.png', 'file')]);
    expect(lastErrors()).toMatch(/File parts are named files\[n\]; got "file"/);
    const r = await rawPost({ embeds: [{ image: { url: 'attachment://a b.png' } }] }, [file('a b.png')]);
    expect(r.status).toBe(400);
    expect(lastErrors()).toMatch(/attachment:\/\/a b\.png: Discord replaces characters/);
  });

  it('more than ten files; and the same checks as a function, kept attachments included', () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ field: `files[${i}]`, name: `${i}.png`, contentType: 'image/png', size: 1, sha256: '' }));
    expect(attachmentIssues({}, files).map((i) => i.message)).toEqual(['Must be 10 or fewer in length (11 files).']);
    const existing = [{ id: '900', filename: 'old.png' }];
    expect(attachmentIssues({ embeds: [{ image: { url: 'attachment://old.png' } }] }, [], existing)).toEqual([]);
    expect(attachmentIssues({ embeds: [{ image: { url: 'attachment://old.png' } }], attachments: [] }, [], existing).map((i) => i.code)).toEqual(['ATTACHMENT_NOT_FOUND']);
  });
});
