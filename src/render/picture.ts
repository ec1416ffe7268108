// How a message shows a stretch picture: the embed's image names the attached file (attachment://<file>), and the
// file carries the picture's alt text as its description, for screen readers.
import type { APIEmbedImage } from 'discord.js';
import type { Picture } from '../content/pictures.ts';
import type { Attachment } from './message.ts';

export function attachmentUrl(fileName: string): string {
  return `attachment://${fileName}`;
}

/** The embed's image and the message's files for a picture; no image and no files without one. */
export function shown(picture: Picture | undefined): { image?: APIEmbedImage; files: Attachment[] } {
  if (!picture) return { files: [] };
  return { image: { url: attachmentUrl(picture.fileName) }, files: [{ name: picture.fileName, data: picture.png, description: picture.alt }] };
}
