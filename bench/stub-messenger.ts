import type { Messenger } from '../src/delivery/messenger.ts';

/** Sends that cost nothing, so a benchmark measures Lumbar's own work around them. */
export const stubMessenger: Messenger = {
  openDm: async () => 'dm',
  send: async (_channel, _body, _nonce, _signal, beforeSend) => {
    await beforeSend?.();
    return { id: '1' };
  },
  messagesAfter: async () => [],
  botUserId: () => 'bot',
  botPermissionsIn: () => null,
};
