// The closed-DMs notice the reminders feature hands the router: told once, and left pending while the database is locked.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { closedDmsNotice } from '../../src/reminders/notice.ts';
import { MEMBER, testContext } from '../helpers/context.ts';

const log = createLogger('silent');

describe('closedDmsNotice', () => {
  it('is given once after DMs were found closed, and never to anyone else', async () => {
    const ctx = testContext();
    await ctx.store.reminders.add({ userId: MEMBER, localTime: '07:30', timeZone: 'UTC', days: 127, stretchId: null, next: { at: 0, localDate: '2026-11-22' }, now: 0 });
    expect(await closedDmsNotice(MEMBER, ctx, log)).toBeNull();
    await ctx.store.reminders.markDmClosed(MEMBER, 0);
    expect(await closedDmsNotice(MEMBER, ctx, log)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/paused your stretch reminders[\s\S]*\/remind resume/) });
    expect(await closedDmsNotice(MEMBER, ctx, log)).toBeNull();
    expect(await closedDmsNotice('999', ctx, log)).toBeNull();
  });

  it('waits for a later command while another process holds the lock', async () => {
    const ctx = testContext();
    const locked = async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    const busy = { ...ctx, store: { ...ctx.store, reminders: { ...ctx.store.reminders, takeNotice: locked } } };
    expect(await closedDmsNotice(MEMBER, busy, log)).toBeNull();
  });
});
