import type { Messenger } from '../src/delivery/messenger.ts';

/** Sends that cost nothing, so a benchmark measures Lumbar's own work around them. */
export const stubMessenger: Messenger = {
  openDm: async () => 'dm',
  send: async () => ({ id: '1' }),
  messagesAfter: async () => [],
  botUserId: () => 'bot',
  botPermissionsIn: () => null,
};
