// Which process sends. Discord's global limit (50 requests/s) is per bot, not per process, so a second sender
// could add no throughput, only a second pacer to coordinate: one process at a time holds the sender lease (a
// row renewed on the database's clock) and claims and sends; the others keep a heartbeat and stand by. When the
// sender dies, its lease runs out, another process takes it and adopts the claims whose owner went silent.
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../base/logger.ts';
import { isBusy } from '../store/busy.ts';
import type { Liveness } from '../store/deliveries.ts';
import type { ProcessInfo } from '../store/processes.ts';
import type { ProcessRepository } from '../store/repositories.ts';
import { describeError } from './discord-errors.ts';

/** A sender silent this long has lost the lease, and its claims may be taken over. */
export const LEASE_MS = 20_000;
/** Heartbeat and lease renewal: four chances per lease. */
export const HEARTBEAT_MS = 5_000;
/** Stop sending this long before the database would let another process take over (at most a tenth of the lease). */
const SAFETY_MARGIN_MS = 2_000;

export interface SenderLeaseOptions {
  processes: ProcessRepository;
  /** Which shards this process runs, for the processes table ("all", "0,2"). */
  shards: string;
  logger: Logger;
  leaseMs?: number;
  heartbeatMs?: number;
  /** Called when this process becomes the sender (to tick at once instead of at the next cron slot). */
  onGained?: () => void;
  /** Called once per other machine seen among the live processes (SQLite: a file shared across machines). */
  onOtherMachine?: (host: string) => void;
}

/** This machine, as far as process ids go: the host name and (on Linux) the pid namespace, so two containers
 *  sharing a host name never judge each other's pids. */
export function machineKey(): string {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return ns ? `${hostname()}/${ns}` : hostname();
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). A zombie (killed,
 *  not yet reaped by its parent) still answers signal 0 but runs nothing: on Linux its state says so. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // not Linux, or gone this very moment: the lease decides
  }
}

export class SenderLease {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly machine = machineKey();
  private readonly otherMachines = new Set<string>();
  private heldUntil = 0;
  private holding = false;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private readonly leaseMs: number;

  constructor(private readonly o: SenderLeaseOptions) {
    this.leaseMs = o.leaseMs ?? LEASE_MS;
  }

  /** True while this process may claim and send (measured on this process's monotonic clock). */
  holds(): boolean {
    return performance.now() < this.heldUntil;
  }

  /** This process, and how long another may stay silent before its claims count as abandoned. */
  liveness(): Liveness {
    return { owner: this.owner, staleMs: this.leaseMs };
  }

  start(): void {
    if (this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.o.heartbeatMs ?? HEARTBEAT_MS);
  }

  /** One heartbeat and lease renewal (or attempt to take it); never overlapping, never throwing. */
  beat(): Promise<void> {
    this.beating ??= this.renew().finally(() => {
      this.beating = null;
    });
    return this.beating;
  }

  /** Gives the lease and the process row up, so another process takes over at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    this.heldUntil = 0;
    this.holding = false;
    try {
      await this.o.processes.leave(this.owner);
    } catch (err) {
      this.o.logger.warn({ err: describeError(err) }, 'could not give up the sender lease; another process takes over when it runs out');
    }
  }

  private async renew(): Promise<void> {
    const started = performance.now();
    // What the database said last time, not whether that has run out: a process woken from a long freeze is
    // told (and logs) that it lost the lease.
    const had = this.holding;
    try {
      await this.o.processes.heartbeat(this.info());
      await this.lookAtNeighbours(had);
      const held = await this.o.processes.acquireLease(this.owner, this.leaseMs);
      // The database started the lease after `started`: ending ours earlier keeps two senders from overlapping.
      this.heldUntil = held ? started + this.leaseMs - Math.min(SAFETY_MARGIN_MS, this.leaseMs / 10) : 0;
      this.holding = held;
      if (held && !had) {
        this.o.logger.info({ owner: this.owner }, 'this process now sends scheduled reminders and tips');
        this.o.onGained?.();
      } else if (!held && had) this.o.logger.warn({ owner: this.owner }, 'another process holds the sender lease; this one stands by');
    } catch (err) {
      // Locked or unreachable: the lease held so far runs out by itself unless a later beat renews it.
      if (!isBusy(err)) this.o.logger.warn({ err: describeError(err) }, 'heartbeat failed; will try again');
    }
  }

  /** Processes on other machines are reported once. While not the sender: a process of this machine whose pid is
   *  gone (killed, crashed) is gone for sure, so its lease and claims are freed at once instead of after the lease
   *  runs out; a restart after kill -9 resumes within seconds. */
  private async lookAtNeighbours(holding: boolean): Promise<void> {
    for (const p of await this.o.processes.list()) {
      if (p.host !== this.machine && !this.otherMachines.has(p.host)) {
        this.otherMachines.add(p.host);
        this.o.onOtherMachine?.(p.host);
      }
      if (holding || p.owner === this.owner || p.host !== this.machine || p.pid === process.pid || pidAlive(p.pid)) continue;
      await this.o.processes.leave(p.owner);
      this.o.logger.info({ owner: p.owner, pid: p.pid }, 'a Lumbar process on this machine is gone; its lease and unsent claims are free');
    }
  }

  private info(): ProcessInfo {
    return { owner: this.owner, host: this.machine, pid: process.pid, shards: this.o.shards };
  }
}
