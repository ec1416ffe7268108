// The scheduler as main.ts builds it, over a test's context, with just one feature's job.
import type { AppContext } from '../../src/app/context.ts';
import { createTipJob } from '../../src/clubs/job.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import type { Job } from '../../src/delivery/types.ts';
import { createReminderJob } from '../../src/reminders/job.ts';

export function schedulerWith(c: AppContext, job: Job) {
  return { job, scheduler: createScheduler({ store: c.store, jobs: [job], clock: c.clock, logger: c.logger }) };
}

export function reminderScheduler(c: AppContext) {
  return schedulerWith(c, createReminderJob({ reminders: c.store.reminders, deliveries: c.store.deliveries, knowledge: c.knowledge, pictures: c.pictures, messenger: c.messenger, logger: c.logger }));
}

export function tipScheduler(c: AppContext) {
  return schedulerWith(c, createTipJob({ clubs: c.store.clubs, deliveries: c.store.deliveries, knowledge: c.knowledge, pictures: c.pictures, messenger: c.messenger, logger: c.logger }));
}
