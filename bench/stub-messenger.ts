import type { Messenger } from '../src/delivery/messenger.ts';
import type { Knowledge } from '../src/content/load.ts';
import type { Pictures } from '../src/content/pictures.ts';
import { allPictures } from '../src/render/pictures/strip.ts';

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

/** A job's knowledge with its pictures, drawn once as main.ts draws them (the stub sends them nowhere). */
export function withPictures(knowledge: Knowledge): { knowledge: Knowledge; pictures: Pictures } {
  return { knowledge, pictures: allPictures(knowledge) };
}
