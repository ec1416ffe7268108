// What /remind offers while a member types, and whose a reminder is: reads only, no writes.
import type { AppContext } from '../app/context.ts';
import { reminderPool } from '../render/reminder.ts';
import { reminderChoiceLabel } from '../render/remind.ts';
import { searchZones } from '../time/zone-search.ts';

export interface Choice {
  name: string;
  value: string;
}

const MAX_CHOICES = 25;

/** Zones matching what was typed; with nothing typed yet, the zone the member used last comes first. */
export async function timeZoneChoices(ctx: AppContext, userId: string, typed: string): Promise<Choice[]> {
  const last = typed.trim() === '' ? (await ctx.store.reminders.member(userId))?.time_zone : null;
  const found = searchZones(typed, MAX_CHOICES);
  const mine = last ? searchZones(last, 1).filter((c) => c.value === last) : [];
  return [...mine, ...found.filter((c) => c.value !== last)].slice(0, MAX_CHOICES);
}

/** Stretches a reminder can bring (not the mobility checks), matching what was typed. */
export function stretchChoices(ctx: AppContext, typed: string): Choice[] {
  const pool = new Set(reminderPool(ctx.knowledge).map((s) => s.id));
  const found = typed.trim() === '' ? ctx.knowledge.stretches : ctx.stretches.search(typed, MAX_CHOICES);
  return found
    .filter((s) => pool.has(s.id))
    .slice(0, MAX_CHOICES)
    .map((s) => ({ name: s.name, value: s.id }));
}

/** Routines matching what was typed; all of them with nothing typed yet. */
export function routineChoices(ctx: AppContext, typed: string): Choice[] {
  const found = typed.trim() === '' ? ctx.knowledge.routines : ctx.routines.search(typed, MAX_CHOICES);
  return found.slice(0, MAX_CHOICES).map((r) => ({ name: `${r.emoji} ${r.name}`, value: r.id }));
}

/** The member's own reminders ("07:30 weekdays · #3"), filtered by what was typed ("#3", "07:30"). */
export async function reminderChoices(ctx: AppContext, userId: string, typed: string): Promise<Choice[]> {
  const q = typed.trim().toLowerCase().replace(/^#/, '');
  return (await ctx.store.reminders.list(userId))
    .map((r) => ({ name: reminderChoiceLabel(r), value: String(r.id) }))
    .filter((c) => q === '' || c.name.toLowerCase().includes(q))
    .slice(0, MAX_CHOICES);
}

/** Whose reminder this is, from Lumbar's own records; null once it is gone. */
export async function reminderOwner(ctx: AppContext, reminderId: number): Promise<string | null> {
  return (await ctx.store.reminders.byId(reminderId))?.user_id ?? null;
}
