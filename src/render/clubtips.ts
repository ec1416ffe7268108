// Replies for /clubtips: confirmations, the status of every channel, and the preview.
import type { Knowledge } from '../content/load.ts';
import type { MessageBody } from './message.ts';
import type { ChannelStatus } from '../clubs/service.ts';
import type { Occurrence } from '../time/calendar.ts';
import { formatDays } from '../time/parse.ts';
import type { ClubChannelRow } from '../store/clubs.ts';
import { COLORS, field } from './common.ts';
import { timestamp } from './remind.ts';
import { renderTipPost } from './tip.ts';
import type { Tip } from '../content/schema.ts';

const describeSchedule = (r: ClubChannelRow) => `${r.local_time} ${formatDays(r.days)} (${r.time_zone})`;

export function renderEnabled(r: ClubChannelRow, next: Occurrence): MessageBody {
  return {
    content: [
      `✅ Daily tips are on in <#${r.channel_id}>: **${describeSchedule(r)}**${r.role_id ? `, mentioning <@&${r.role_id}>` : ''}.`,
      `First post: ${timestamp(next.at)} (${timestamp(next.at, 'R')}). **/clubtips preview** shows which tip it will be.`,
    ].join('\n'),
  };
}

function healthLine({ row: r, retrying }: ChannelStatus): string {
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

export function renderStatus(statuses: readonly ChannelStatus[]): MessageBody {
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

export function renderPreview(knowledge: Knowledge, tip: Tip, channel: ClubChannelRow | null): MessageBody {
  const post = renderTipPost(knowledge, tip, null, null);
  return {
    content: channel
      ? `👀 The next tip for <#${channel.channel_id}>${channel.next_fire_at !== null ? `, posting ${timestamp(channel.next_fire_at, 'R')}` : ''}:`
      : '👀 No channel is set up yet; this is the tip a new channel would get first:',
    embeds: post.embeds ?? [],
  };
}
