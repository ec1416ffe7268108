// The shape of Lumbar's knowledge base (data/*.json). Validated at start-up and in tests, so a
// typo in a content file stops the bot with a readable message instead of rendering nonsense.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens');
const text = (max: number) => z.string().trim().min(1).max(max);
const sourceIds = z.array(id).min(1, 'every item cites at least one source id');
/** Other ways members name a card, stretch or routine, for search: lower case. */
const aliases = z.array(text(40).regex(/^[a-z0-9 '&-]+$/, 'aliases are lower case'));

export const SourceSchema = z.object({
  id,
  title: text(200),
  /** Seed articles have no public address we can vouch for; guidelines and studies do. */
  url: z.url().optional(),
  kind: z.enum(['article', 'guideline', 'study']),
});

/** A sign below the emergency level; the card adds what to do from the ladder level it names. */
export const WarningSignSchema = z.object({
  level: z.enum(['urgent', 'soon']),
  text: text(300),
});

export const ActivitySchema = z.object({
  id,
  name: text(60),
  emoji: text(8),
  /** Other ways members name it: "dl", "jogging", "ohp". Lower case, unique across activities. */
  aliases,
  /** One or two sentences for the card's top. */
  summary: text(400),
  causes: z.array(text(300)).min(1).max(8),
  relief: z.array(text(300)).min(1).max(8),
  prevention: z.array(text(300)).min(1).max(8),
  /** Stretch ids, most useful first. */
  stretches: z.array(id).max(6),
  /**
   * Warning signs worth naming for this activity, most severe first. Emergency signs are never listed here: every
   * card shows the ladder's own emergency signs, unconditionally, so one activity cannot narrow them.
   */
  warningSigns: z.array(WarningSignSchema).min(1).max(6),
  sources: sourceIds,
});

export const StretchSchema = z.object({
  id,
  name: text(60),
  aliases,
  kind: z.enum(['stretch', 'warm-up', 'mobility-check']),
  /** What it is for, in one sentence ("for comfort and mobility", never "prevents pain"). */
  purpose: text(300),
  steps: z.array(text(300)).min(2).max(10),
  /** Hold per repetition in seconds, or null for moving drills. */
  holdSeconds: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).nullable(),
  /** e.g. "2–3 per side"; free text because the articles phrase sets and reps differently. */
  sets: text(80),
  cautions: z.array(text(300)).max(6),
  stopIf: z.array(text(300)).min(1).max(6),
  sources: sourceIds,
});

export const RedFlagSymptomSchema = z.object({
  id,
  /** Full wording for the ladder. */
  text: text(300),
  /** Short label for the select menu (Discord allows 100). */
  label: text(100),
});

export const RedFlagLevelSchema = z.object({
  id: z.enum(['emergency', 'urgent', 'soon']),
  title: text(100),
  /** What to do, action verb first ("Call 999/112/911/000 or go to A&E/ER now."). */
  action: text(300),
  symptoms: z.array(RedFlagSymptomSchema).min(1).max(12),
});

export const RedFlagsSchema = z.object({
  /** Most severe first. */
  levels: z.tuple([RedFlagLevelSchema, RedFlagLevelSchema, RedFlagLevelSchema]),
  /** The one-line footer on every advice card. */
  footer: text(200),
  /** Longer disclaimer for /redflags and /about. */
  disclaimer: text(600),
  sources: sourceIds,
});

export const TipSchema = z.object({
  id,
  kind: z.enum(['warm-up', 'stretch', 'recovery', 'training']),
  title: text(100),
  body: text(500),
  /** Optional steps for "how to do it". */
  how: z.array(text(200)).max(6),
  /** A stretch from stretches.json this tip is about, if any. */
  stretch: id.optional(),
  sources: sourceIds,
});

export const RoutineStepSchema = z.object({
  /** A stretch or drill from stretches.json (never the mobility check). */
  stretch: id,
  /** How much of it, as the member reads it: "2 holds per side", "10–15 swings per leg". */
  count: text(80),
  /** Seconds per hold, within the stretch's own range; null for a drill that moves (a stretch without a hold). */
  holdSeconds: z.number().int().positive().nullable(),
  /** About how long the whole step takes: a drill's countdown, and the routine's total. */
  seconds: z.number().int().min(10).max(300),
});

export const RoutineSchema = z.object({
  id,
  name: text(60),
  emoji: text(8),
  aliases,
  /** When it fits, in one sentence ("After your run, once you have walked for a few minutes."). */
  when: text(200),
  steps: z.array(RoutineStepSchema).min(3).max(6),
  /** The short "done" summary on the last step. */
  done: text(300),
  sources: sourceIds,
});

export const RejectedClaimSchema = z.object({
  id,
  /** The claim as an article makes it, paraphrased. */
  claim: text(300),
  /** Which seed article makes it. */
  article: id,
  verdict: z.enum(['reject', 'soften', 'correct', 'reframe']),
  /** Why, with the evidence (docs/content-policy.md, "Rejected claims"). */
  why: text(500),
  /** Case-insensitive regular expressions that no rendered text may match. */
  patterns: z.array(text(200)).min(1),
});

export const KnowledgeFiles = {
  sources: z.array(SourceSchema).min(1),
  activities: z.array(ActivitySchema).min(1),
  stretches: z.array(StretchSchema).min(1),
  redflags: RedFlagsSchema,
  tips: z.array(TipSchema).min(1),
  routines: z.array(RoutineSchema).min(1),
  'rejected-claims': z.array(RejectedClaimSchema).min(1),
} as const;

export type Source = z.infer<typeof SourceSchema>;
export type Activity = z.infer<typeof ActivitySchema>;
export type WarningSign = z.infer<typeof WarningSignSchema>;
export type Stretch = z.infer<typeof StretchSchema>;
export type RedFlags = z.infer<typeof RedFlagsSchema>;
export type RedFlagLevel = z.infer<typeof RedFlagLevelSchema>;
export type Tip = z.infer<typeof TipSchema>;
export type RejectedClaim = z.infer<typeof RejectedClaimSchema>;
export type Routine = z.infer<typeof RoutineSchema>;
export type RoutineStep = z.infer<typeof RoutineStepSchema>;
