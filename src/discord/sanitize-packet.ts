// Permissions arrive as decimal strings of a 64-bit field. discord.js turns them into BigInt while it
// builds the interaction, inside its gateway handler: a malformed one ("abc", "1e400") throws there,
// outside Lumbar's router, and the member hears nothing. discord.js 14 emits `raw` with the very packet
// object just before it handles it (WebSocketManager#attachEvents), so a `raw` listener can repair the
// strings in place. A malformed value becomes "0": no permissions, so it fails closed (a forged
// "Administrator", which discord.js would read as that flag's name, grants nothing either).

const UNSIGNED_DECIMAL = /^\d{1,20}$/;
const MAX_PERMISSIONS = (1n << 64n) - 1n;

/** A well-formed permissions value: an unsigned decimal integer that fits in 64 bits. */
export function isPermissionString(value: unknown): value is string {
  return typeof value === 'string' && UNSIGNED_DECIMAL.test(value) && BigInt(value) <= MAX_PERMISSIONS;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The objects in an INTERACTION_CREATE that carry a `permissions` (or `app_permissions`) field discord.js parses. */
function permissionHolders(d: JsonObject): [JsonObject, string, string][] {
  const holders: [JsonObject, string, string][] = [[d, 'app_permissions', 'app_permissions']];
  if (isObject(d.member)) holders.push([d.member, 'permissions', 'member.permissions']);
  if (isObject(d.channel)) holders.push([d.channel, 'permissions', 'channel.permissions']);
  const resolved = isObject(d.data) && isObject(d.data.resolved) ? d.data.resolved : {};
  for (const kind of ['members', 'roles', 'channels']) {
    const group = resolved[kind];
    if (!isObject(group)) continue;
    for (const [id, entry] of Object.entries(group)) {
      if (isObject(entry)) holders.push([entry, 'permissions', `data.resolved.${kind}.${id}.permissions`]);
    }
  }
  return holders;
}

/**
 * Sets every malformed permissions field of an INTERACTION_CREATE dispatch to "0", in place, and
 * returns where it did. Absent fields stay absent (discord.js reads them as "none"); other packets are untouched.
 */
export function sanitizeInteractionPacket(packet: unknown): string[] {
  if (!isObject(packet) || packet.t !== 'INTERACTION_CREATE' || !isObject(packet.d)) return [];
  const repaired: string[] = [];
  for (const [holder, key, where] of permissionHolders(packet.d)) {
    if (holder[key] === undefined || isPermissionString(holder[key])) continue;
    holder[key] = '0';
    repaired.push(where);
  }
  return repaired;
}
