// Posting a claimed delivery so that it reaches its channel once, across crashes and timeouts. Before each
// send the attempt is recorded (nonce, real time); a claim attempted before is first looked up in its channel,
// among the messages after that time, so a post whose answer was lost is found instead of sent again.
import type { MessageBody } from '../render/message.ts';
import type { Logger } from '../base/logger.ts';
import { deliveryKeyString } from '../store/deliveries.ts';
import type { DeliveryOps } from '../store/repositories.ts';
import { MESSAGE_PAGE, nonceFor, snowflakeAt, type ChannelMessage, type Messenger } from './messenger.ts';
import { isBusy } from '../store/busy.ts';
import { ClaimTakenOver } from './ownership.ts';
import type { Claim, Outcome } from './types.ts';

/** The lookup starts this long before the recorded attempt: room for Discord's clock being behind ours. */
export const LOOKUP_MARGIN_MS = 2 * 60_000;
/** At most this many pages (of 100) are read: a channel busier than that since the attempt is not searched to the end. */
export const LOOKUP_MAX_PAGES = 10;

export interface PostOnce {
  messenger: Messenger;
  deliveries: DeliveryOps;
  logger: Logger;
  claim: Claim;
  channelId: string;
  /** The footer line that names this delivery, e.g. "Daily tip · 2026-11-22". */
  marker: string;
  body: MessageBody;
  signal?: AbortSignal;
}

export interface Wanted {
  marker: string;
  nonce: string;
  /** Real wall-clock ms of the first attempt. */
  since: number;
}

/** Sends the claim's message unless an earlier attempt already put it in the channel; returns its id. */
export async function postOnce(p: PostOnce): Promise<string> {
  // The stored nonce, not a fresh derivation: a resend after an upgrade still carries the first attempt's.
  const nonce = p.claim.nonce ?? nonceFor(deliveryKeyString(p.claim.key));
  if (p.claim.sendStartedAt != null) {
    const wanted = { marker: p.marker, nonce, since: p.claim.sendStartedAt };
    const { found, complete } = await findPosted(p.messenger, p.channelId, wanted, p.signal);
    if (found) return found.id;
    if (!complete) p.logger.warn({ delivery: deliveryKeyString(p.claim.key), pages: LOOKUP_MAX_PAGES }, 'resend: channel too busy to search to the end; the nonce is the last guard');
  }
  // Committed right before the request leaves (after its wait for a pacing slot): a crash after this point leaves a
  // claim that is looked up, never blindly resent; a claim another process took over meanwhile is not sent at all.
  const recordAttempt = async () => {
    if (!(await p.deliveries.markAttempt(p.claim.key, nonce, Date.now(), p.claim.owner ?? null))) throw new ClaimTakenOver(deliveryKeyString(p.claim.key));
  };
  return (await p.messenger.send(p.channelId, p.body, nonce, p.signal, recordAttempt)).id;
}

/** Lumbar's message for `wanted` among those posted since its first attempt: by nonce where Discord returns
 *  one, else by the marker footer line. `complete` is false when the page limit stopped the search. */
export async function findPosted(
  messenger: Messenger,
  channelId: string,
  wanted: Wanted,
  signal?: AbortSignal,
): Promise<{ found?: ChannelMessage; complete: boolean }> {
  const botId = messenger.botUserId();
  // The marker is a whole footer line: "Reminder #3 · 2026-11-22" must not match that day's snooze.
  const isIt = (m: ChannelMessage) => m.authorId === botId && (m.nonce === wanted.nonce || m.footers.some((f) => f.split('\n').includes(wanted.marker)));
  let after = snowflakeAt(wanted.since - LOOKUP_MARGIN_MS);
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const messages = await messenger.messagesAfter(channelId, after, signal);
    const found = messages.find(isIt);
    if (found) return { found, complete: true };
    if (messages.length < MESSAGE_PAGE) return { complete: true };
    // Whatever order a page comes in, the next one starts after the newest message seen.
    after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
  }
  return { complete: false };
}

/** A delivery cut short by the loop itself, whatever the job was doing: the deadline passed (the scheduler has
 *  already recorded a retry), the attempt record or bookkeeping met another process's lock (next tick), or
 *  another process took the claim over. */
export function interrupted(err: unknown, signal?: AbortSignal): Outcome | undefined {
  if (signal?.aborted) return { status: 'retry' };
  if (isBusy(err)) return { status: 'busy' };
  if (err instanceof ClaimTakenOver) return { status: 'lost' };
  return undefined;
}
