// The permission repair on INTERACTION_CREATE packets, checked against discord.js itself: the packet it
// could not build an interaction from builds after the repair, with no permissions.
import { ChatInputCommandInteraction, Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { isPermissionString, sanitizeInteractionPacket } from '../../src/discord/sanitize-packet.ts';

const client = new Client({ intents: [] });
// What discord.js's InteractionCreate action does with the packet's data (the constructor is protected in its types).
const Interaction = ChatInputCommandInteraction as unknown as new (client: Client, data: unknown) => ChatInputCommandInteraction;
const build = (data: unknown) => new Interaction(client, data);

function interactionPacket(memberPermissions: unknown, appPermissions: unknown) {
  return {
    op: 0,
    t: 'INTERACTION_CREATE',
    s: 7,
    d: {
      id: '1200000000000000001',
      application_id: '1200000000000000002',
      type: 2,
      token: 'interaction-token',
      version: 1,
      guild_id: '1200000000000000003',
      channel_id: '1200000000000000004',
      member: { user: { id: '1200000000000000005', username: 'runner_sam', discriminator: '0', avatar: null }, roles: [], joined_at: '2026-01-01T00:00:00Z', permissions: memberPermissions },
      app_permissions: appPermissions,
      data: {
        id: '1200000000000000006',
        name: 'clubtips',
        type: 1,
        resolved: { roles: { '1200000000000000007': { id: '1200000000000000007', name: 'Runners', permissions: 'abc', position: 1, color: 0, hoist: false, managed: false, mentionable: true } } },
      },
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': '1200000000000000003' },
      context: 0,
    },
  };
}

describe('sanitizeInteractionPacket', () => {
  it('turns what discord.js cannot parse into "0", so the interaction can be built, with no permissions', () => {
    const packet = interactionPacket('1e400', 'abc');
    expect(() => build(structuredClone(packet.d))).toThrow(/Invalid bitfield flag or number: abc/);
    expect(() => build({ ...structuredClone(packet.d), app_permissions: '0' })).toThrow(/Cannot convert 1e400 to a BigInt/);
    expect(sanitizeInteractionPacket(packet)).toEqual(['app_permissions', 'member.permissions', 'data.resolved.roles.1200000000000000007.permissions']);
    const interaction = build(packet.d);
    expect(interaction.memberPermissions?.bitfield).toBe(0n);
    expect(interaction.appPermissions.bitfield).toBe(0n);
  });

  it('leaves well-formed and absent permissions, and other packets, alone', () => {
    const packet = interactionPacket('8', '2048');
    delete (packet.d.data.resolved.roles['1200000000000000007'] as { permissions?: string }).permissions;
    expect(sanitizeInteractionPacket(packet)).toEqual([]);
    expect([packet.d.member.permissions, packet.d.app_permissions]).toEqual(['8', '2048']);
    const other = { t: 'GUILD_CREATE', d: { id: '1', app_permissions: 'abc' } };
    expect(sanitizeInteractionPacket(other)).toEqual([]);
    expect(other.d.app_permissions).toBe('abc');
    for (const junk of [null, 'text', { t: 'INTERACTION_CREATE' }, { t: 'INTERACTION_CREATE', d: [] }]) expect(sanitizeInteractionPacket(junk)).toEqual([]);
  });
});

describe('isPermissionString', () => {
  it('accepts unsigned decimal 64-bit values only', () => {
    for (const ok of ['0', '8', '2251799813685247', '18446744073709551615']) expect(isPermissionString(ok), ok).toBe(true);
    for (const bad of ['abc', '1e400', '-1', '1.5', ' 8', '0x10', 'Administrator', 'ManageGuild', '', '18446744073709551616', '9'.repeat(400), 8, null, 8n]) {
      expect(isPermissionString(bad), String(bad)).toBe(false);
    }
  });
});
