// Replies for /clubtips: confirmations, the status of every channel, and the preview.
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { MessageBody } from './message.ts';
import type { Occurrence } from '../time/calendar.ts';
import { formatDays } from '../time/parse.ts';
import { COLORS, field } from './common.ts';
import { timestamp } from './remind.ts';
import { renderTipPost } from './tip.ts';
import type { Tip } from '../content/schema.ts';

/** What these replies show of a club channel; the store's rows have these columns (and more). */
export interface ClubChannelView {
  channel_id: string;
  role_id: string | null;
  local_time: string;
  time_zone: string;
  /** Bit 0 = Monday … bit 6 = Sunday. */
  days: number;
  next_fire_at: number | null;
  health: 'ok' | 'paused' | 'disabled';
  health_reason: string | null;
  health_since: number | null;
}

/** One line of /clubtips status, as the clubs feature reports it. */
export interface ChannelStatusView {
  row: ClubChannelView;
  lastTip: { tip: Tip | undefined; localDate: string } | null;
  nextTip: Tip | undefined;
  /** A post that failed for a passing reason (Discord's 5xx, a timeout) and waits for its next try. */
  retrying: { localDate: string; retryAt: number | null; errorCode: number | null } | null;
}

/** The tip a channel gets next: from its rotation, or (`channel` null) the first it would get once enabled. */
export interface PreviewView {
  tip: Tip;
  channelId: string;
  channel: Pick<ClubChannelView, 'next_fire_at' | 'health'> | null;
}

const describeSchedule = (r: ClubChannelView) => `${r.local_time} ${formatDays(r.days)} (${r.time_zone})`;

export function renderEnabled(r: ClubChannelView, next: Occurrence): MessageBody {
  return {
    content: [
      `✅ Daily tips are on in <#${r.channel_id}>: **${describeSchedule(r)}**${r.role_id ? `, mentioning <@&${r.role_id}>` : ''}.`,
      `First post: ${timestamp(next.at)} (${timestamp(next.at, 'R')}). **/clubtips preview** shows which tip it will be.`,
    ].join('\n'),
  };
}

function healthLine({ row: r, retrying }: ChannelStatusView): string {
  const since = r.health_since ? ` since ${timestamp(r.health_since, 'D')}` : '';
  if (r.health === 'paused') return `⏸️ Paused: ${r.health_reason ?? 'a Discord error'}${since}. Lumbar retries at each post time for a week.`;
  if (r.health === 'disabled') return `⛔ Off: ${r.health_reason ?? 'disabled'}${since}. **/clubtips enable** turns it back on.`;
  if (retrying) {
    const why = retrying.errorCode ? `Discord answered with error ${retrying.errorCode}` : 'Discord did not answer in time';
    const next = retrying.retryAt ? `; next try ${timestamp(retrying.retryAt, 'R')}` : '';
    return `🔁 Retrying: the ${retrying.localDate} post didn't go through (${why})${next}.`;
  }
  return '✅ Healthy';
}

export function renderStatus(statuses: readonly ChannelStatusView[]): MessageBody {
  if (statuses.length === 0) {
    return { content: 'No channel gets daily tips yet. Start with **/clubtips enable** — for example `channel:#general time:07:00 timezone:Europe/London`.' };
  }
  return {
    embeds: [
      {
        title: '📅 Daily tips in this server',
        color: COLORS.brand,
        fields: statuses.slice(0, 25).map((status) => {
          const { row, lastTip, nextTip } = status;
          return field(
            describeSchedule(row),
            [
              `<#${row.channel_id}>${row.role_id ? ` · mentions <@&${row.role_id}>` : ''}`,
              healthLine(status),
              row.next_fire_at !== null ? `Next post: ${timestamp(row.next_fire_at)} (${timestamp(row.next_fire_at, 'R')})` : 'Next post: none',
              `Last tip: ${lastTip ? `${lastTip.tip?.title ?? 'a tip no longer in the pool'} (${lastTip.localDate})` : 'none yet'}`,
              row.health !== 'disabled' && nextTip ? `Up next: ${nextTip.title}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
          );
        }),
      },
    ],
  };
}

export function renderPreview(knowledge: Knowledge, pictures: Pictures, { tip, channelId, channel }: PreviewView): MessageBody {
  const post = renderTipPost(knowledge, pictures, tip, null, null);
  return { content: previewIntro(channelId, channel), embeds: post.embeds ?? [], files: post.files ?? [] };
}

function previewIntro(channelId: string, channel: PreviewView['channel']): string {
  if (!channel) return `👀 <#${channelId}> has no daily tips yet. Once **/clubtips enable** sets it up, this is the tip it gets first:`;
  if (channel.health === 'disabled') return `👀 Daily tips are off in <#${channelId}>. When **/clubtips enable** turns them back on, this tip comes next:`;
  const when = channel.next_fire_at !== null ? `, posting ${timestamp(channel.next_fire_at, 'R')}` : '';
  return `👀 The next tip for <#${channelId}>${when}:`;
}

export function renderDisabled(channelId: string): MessageBody {
  return { content: `⛔ Daily tips are off in <#${channelId}>. **/clubtips enable** turns them back on where the rotation left off.` };
}

export function renderPostedNow(tip: Tip, channelId: string): MessageBody {
  return { content: `📣 Posted “${tip.title}” in <#${channelId}>.` };
}
