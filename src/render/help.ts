// /help: what Lumbar can do (each command named so it becomes a clickable mention), where it works, the
// disclaimer, and what it stores where.
import type { Knowledge } from '../content/load.ts';
import type { MessageBody } from './message.ts';
import { COLORS, field } from './common.ts';
import { STORED_ABOUT_MEMBERS } from './about.ts';

/** One command (or subcommand) and what it does, in a line. */
export interface HelpLine {
  command: string;
  subcommand?: string;
  text: string;
}

/** Every command Lumbar registers has a line here (test/unit/help.test.ts holds the two lists together). */
export const HELP_SECTIONS: readonly { title: string; lines: readonly HelpLine[] }[] = [
  {
    title: '🦴 Back pain and stretches',
    lines: [
      { command: 'backpain', text: 'why your back hurts after an activity, what helps now, how to prevent it, and when to see a doctor' },
      { command: 'stretch', text: 'a stretch or warm-up step by step; without a name, the list' },
      { command: 'redflags', text: 'warning signs that mean: get help now, today, or soon' },
    ],
  },
  {
    title: '⏰ Stretch reminders, by DM at your local time',
    lines: [
      { command: 'remind', subcommand: 'set', text: 'add a reminder (up to 5), on the days you choose' },
      { command: 'remind', subcommand: 'list', text: 'your reminders, their next time, and how many you did this week' },
      { command: 'remind', subcommand: 'pause', text: 'pause one or all, for some days or until you resume' },
      { command: 'remind', subcommand: 'resume', text: 'start paused reminders again' },
      { command: 'remind', subcommand: 'delete', text: 'delete a reminder' },
      { command: 'remind', subcommand: 'test', text: 'one sample reminder now, to check DMs reach you' },
      { command: 'remind', subcommand: 'forget-me', text: 'delete everything Lumbar stores about you' },
    ],
  },
  {
    title: '📣 For clubs (Manage Server, in servers where Lumbar is added)',
    lines: [
      { command: 'clubtips', subcommand: 'enable', text: "a daily warm-up or stretch tip in a channel, at the club's local time" },
      { command: 'clubtips', subcommand: 'status', text: 'every channel with tips: next post, last tip, health' },
      { command: 'clubtips', subcommand: 'preview', text: 'the tip a channel gets next' },
      { command: 'clubtips', subcommand: 'post-now', text: 'post a tip now' },
      { command: 'clubtips', subcommand: 'disable', text: 'stop the tips in a channel' },
    ],
  },
  {
    title: 'ℹ️ About Lumbar',
    lines: [
      { command: 'about', text: 'where the advice comes from, every source, and what Lumbar stores' },
      { command: 'help', text: 'this overview' },
    ],
  },
];

/** Where the commands can be used: server installs, the DM, and a member's own install. */
export const WHERE_IT_WORKS = [
  '• In servers where Lumbar has been added, and in your DM with Lumbar.',
  '• Add Lumbar to your own account and everything but `/clubtips` also works in group DMs and in servers without Lumbar: the answers come to you there, and reminders still arrive by DM.',
];

/** Where what Lumbar stores lives. Keep in step with the README ("What Lumbar stores"). */
export const WHERE_DATA_LIVES = "Everything is kept in this Lumbar's own database (one SQLite file, or PostgreSQL), run by whoever runs this bot, and nowhere else.";

/** Links to add Lumbar, once the application's id is known (none in `npm run try`). */
export interface AddLinks {
  server: string;
  account: string;
}

const line = (l: HelpLine) => `**/${l.subcommand ? `${l.command} ${l.subcommand}` : l.command}** — ${l.text}`;

export function renderHelp(knowledge: Knowledge, links: AddLinks | null): MessageBody {
  const where = links
    ? [...WHERE_IT_WORKS, `• [Add Lumbar to a server](${links.server}) · [Add Lumbar to your account](${links.account})`]
    : WHERE_IT_WORKS;
  return {
    embeds: [
      {
        title: '🦴 What Lumbar can do',
        description: ['Back-pain cards, stretches, reminders and club tips for running clubs and gym communities.', '', `**${knowledge.redflags.disclaimer}**`].join('\n'),
        color: COLORS.brand,
        fields: [
          ...HELP_SECTIONS.map((s) => field(s.title, s.lines.map(line).join('\n'))),
          field('Where it works', where.join('\n')),
          field('What Lumbar stores, and where', [...STORED_ABOUT_MEMBERS, `• ${WHERE_DATA_LIVES}`].join('\n')),
        ],
      },
    ],
  };
}
