// Every command Lumbar registers, in one explicit list: the deploy step, the router and the
// tests all read this, so nothing is discovered by scanning folders.
import type { Command } from '../src/discord/command.ts';
import { about } from './about.ts';
import { backpain } from './backpain.ts';
import { clubtips } from './clubtips.ts';
import { help } from './help.ts';
import { redflags } from './redflags.ts';
import { remind } from './remind.ts';
import { stretch } from './stretch.ts';

export const commands: readonly Command[] = [backpain, stretch, redflags, about, help, remind, clubtips];
