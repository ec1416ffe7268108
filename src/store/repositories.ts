// What the store does, whichever database is behind it: SQLite (sqlite-store.ts over the synchronous
// statements in reminders.ts, clubs.ts, deliveries.ts) or PostgreSQL (pg/). Every method is asynchronous;
// both backends keep the same guarantees, checked by one suite per repository run against each.
import type { ClubChannelRow, ClubChannelSettings, ClubHealth } from './clubs.ts';
import type { DeliveryKey, DeliveryKind, DeliveryOutcome, DeliveryRow, Liveness, NewClaim } from './deliveries.ts';
import type { LeaseRow, ProcessInfo, ProcessRow } from './processes.ts';
import type { DueReminder, DueSnooze, MemberRow, NewReminder, ReminderRow, ScheduleChange } from './reminders.ts';

export type NextFire = { at: number; localDate: string };

/** One reminder moved on: to `next`, its rotation by `step`, unless its fire time is no longer `oldAt`. */
export interface ReminderMove {
  id: number;
  oldAt: number;
  next: NextFire;
  step: number;
}

/** A claim and the status it is recorded with ('claimed' unless said: 'skipped' records a miss). */
export type StatusedClaim = NewClaim & { status?: 'claimed' | 'skipped' };

/** The reminder job's side, used inside a claim batch: what is due, and moving it on. */
export interface ReminderClaimOps {
  /** Ids of due reminders, soonest first. */
  dueIds(now: number, limit: number): Promise<number[]>;
  /** The rows of these ids that still exist, in the order given: one read for a whole batch. */
  dueRows(ids: readonly number[]): Promise<DueReminder[]>;
  /** Moves each reminder on (ReminderMove), in one statement on PostgreSQL; returns the ids that moved. */
  advanceAll(moves: readonly ReminderMove[]): Promise<Set<number>>;
  dueSnoozes(now: number, limit: number): Promise<DueSnooze[]>;
  /** Clears a due snooze for its claim; false if it changed or went meanwhile. */
  takeSnooze(id: number, at: number): Promise<boolean>;
}

export interface ReminderRepository extends ReminderClaimOps {
  member(userId: string): Promise<MemberRow | undefined>;
  /** Everything Lumbar keeps about a member (deliveries, reminders, the member row), in one transaction. */
  forget(userId: string): Promise<{ reminders: number; deliveries: number }>;
  /** Discord said DMs to this member are closed: pause everything until they resume (one transaction). */
  markDmClosed(userId: string, now: number): Promise<void>;
  markDmOpen(userId: string, channelId: string): Promise<void>;
  /** Discord no longer knows the cached DM channel; open a new one next time. */
  forgetDmChannel(userId: string): Promise<void>;
  /** True once after reminders were paused for closed DMs, so the member is told exactly once. */
  takeNotice(userId: string): Promise<boolean>;
  count(userId: string): Promise<number>;
  /** Adds a reminder unless the member already has the maximum (TooManyReminders), checked in the same
   *  transaction: two adds at once never pass the limit together. Returns the new id. */
  add(r: NewReminder): Promise<number>;
  list(userId: string): Promise<ReminderRow[]>;
  /** A reminder only if it belongs to this member. */
  get(userId: string, id: number): Promise<ReminderRow | undefined>;
  byId(id: number): Promise<ReminderRow | undefined>;
  /** For each reminder, in one transaction: its next occurrence or NULL, and the pause (a pause drops a pending snooze). */
  reschedule(changes: readonly ScheduleChange[]): Promise<void>;
  /** Deletes the member's reminder and its deliveries; false if it is not theirs. */
  delete(userId: string, id: number): Promise<boolean>;
  /** One extra reminder at `at`, for the reminder of `localDate`; false if it is not theirs or is paused. */
  snooze(userId: string, id: number, at: number, localDate: string): Promise<boolean>;
  /** Done presses per reminder since `localDate` (inclusive). */
  doneSince(userId: string, localDate: string): Promise<Map<number, number>>;
}

/** The tip job's side, used inside a claim batch. */
export interface ClubClaimOps {
  /** Channels whose post is due, soonest first. */
  due(now: number, limit: number): Promise<ClubChannelRow[]>;
  /** Moves a channel on to its next post, unless its fire time is no longer `oldAt`; false then. */
  advance(id: number, oldAt: number, next: NextFire, now: number): Promise<boolean>;
  postedInCycle(id: number, cycle: number): Promise<Set<string>>;
}

export interface ClubRepository extends ClubClaimOps {
  /** Enables (or re-enables with new settings) a channel; health starts fresh; a channel's seed and cycle are kept. */
  save(c: ClubChannelSettings): Promise<ClubChannelRow>;
  byChannel(channelId: string): Promise<ClubChannelRow | undefined>;
  byId(id: number): Promise<ClubChannelRow | undefined>;
  inGuild(guildId: string): Promise<ClubChannelRow[]>;
  setHealth(id: number, health: ClubHealth, reason: string | null, failingSince: number | null, now: number): Promise<void>;
  /** Lumbar left the server: every channel there stops. Returns how many changed. */
  disableGuild(guildId: string, now: number): Promise<number>;
  /** Remembers a tip as used in `cycle`; moving to a new cycle drops the old one's memory (one transaction). */
  markPosted(id: number, cycle: number, tipId: string, now: number): Promise<void>;
}

/** What the delivery store does, inside or outside a claim batch. */
export interface DeliveryOps {
  /** Inserts the claim; false when this target already has a delivery for that local date. */
  claim(c: NewClaim, now: number, status?: 'claimed' | 'skipped'): Promise<boolean>;
  /** Inserts claims with distinct keys, in one statement on PostgreSQL; for each, in order, whether it was new. */
  claimAll(claims: readonly StatusedClaim[], now: number): Promise<boolean[]>;
  /** Records how a claim ended. With `owner`: false, and nothing written, when another process took it over. */
  finish(key: DeliveryKey, outcome: DeliveryOutcome, now: number, owner?: string | null): Promise<boolean>;
  /** Claims not yet confirmed (in flight, or left by a process that died) and retries now due. With `who`: only
   *  its own, anyone's, and those of processes gone silent; never another live process's. */
  pending(now: number, who?: Liveness): Promise<DeliveryRow[]>;
  /** This process stopped being the sender: its unsent claims become anyone's. Returns how many. */
  disown(owner: string): Promise<number>;
  /** Takes over a pending claim whose owner is gone (or that is anyone's); false if a live process has it. */
  adopt(key: DeliveryKey, who: Liveness): Promise<boolean>;
  /** Records a send attempt about to start (the first one's nonce and real time are kept). With `owner`: false,
   *  and nothing written, when the claim is no longer that process's. */
  markAttempt(key: DeliveryKey, nonce: string, realNow: number, owner?: string | null): Promise<boolean>;
  get(key: DeliveryKey): Promise<DeliveryRow | undefined>;
  /** The member pressed Done on that day's reminder; false if it was already counted or not theirs. */
  markDone(targetId: number, localDate: string, userId: string, now: number): Promise<boolean>;
  /** The latest delivery that failed for a passing reason and waits for its next try. */
  waitingRetry(kind: DeliveryKind, targetId: number): Promise<DeliveryRow | undefined>;
  lastSent(kind: DeliveryKind, targetId: number): Promise<DeliveryRow | undefined>;
}

export interface DeliveryRepository extends DeliveryOps {
  /** Deletes up to `limit` finished deliveries scheduled before `before` (oldest first); returns how many went. */
  prune(before: number, limit: number): Promise<number>;
}

/** The processes sharing the database and the sender lease, on the database's clock (processes.ts). */
export interface ProcessRepository {
  /** Records this process as alive now. */
  heartbeat(p: ProcessInfo): Promise<void>;
  /** Takes the sender lease, or renews it, for `ms`; true when this process holds it now. */
  acquireLease(owner: string, ms: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  /** A clean stop: the lease and this process's row go, so its leftover claims are anyone's at once. */
  leave(owner: string): Promise<void>;
  list(): Promise<ProcessRow[]>;
  lease(): Promise<LeaseRow | undefined>;
}

/** What a job's claiming may touch inside one claim batch. */
export interface StoreTx {
  reminders: ReminderClaimOps;
  clubs: ClubClaimOps;
  deliveries: DeliveryOps;
}

export interface WriteOptions {
  /** Give up after waiting this long for another process's lock (SQLite); default two minutes. */
  maxWaitMs?: number;
  /** Longest pause between attempts while waiting (SQLite). */
  maxDelayMs?: number;
  /** Called once, the first time the write has to wait (e.g. to defer an interaction). */
  onFirstWait?: () => void;
}

/** The repositories over one database, created together. */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  reminders: ReminderRepository;
  clubs: ClubRepository;
  deliveries: DeliveryRepository;
  processes: ProcessRepository;
  /**
   * Runs a job's claiming as one transaction: its advances and claims commit together before any send, or none
   * does. On SQLite it rejects with a busy error (store/busy.ts isBusy) while another process holds the write
   * lock: nothing is claimed, and the scheduler tries again on its next tick.
   */
  claimBatch<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs a member's write. On SQLite it retries, without blocking the event loop, while another process
   *  holds the lock; on PostgreSQL writes queue on row locks, so it simply runs. */
  write<T>(fn: () => Promise<T>, options?: WriteOptions): Promise<T>;
  close(): Promise<void>;
}
