// Claims belong to the process that made them (store/processes.ts, docs/design.md "Several processes"): the
// claim batch stamps this process on every claim a job makes, and a send whose claim another process took over
// (this one went silent too long) is dropped before it leaves.
import type { StoreTx } from '../store/repositories.ts';

/** The claim batch as a job sees it, with every claim made in this process's name. */
export function ownedTx(tx: StoreTx, owner: string | undefined): StoreTx {
  if (owner === undefined) return tx;
  const deliveries: StoreTx['deliveries'] = {
    ...tx.deliveries,
    claim: (c, now, status) => tx.deliveries.claim({ ...c, owner }, now, status),
    claimAll: (claims, now) => tx.deliveries.claimAll(claims.map((c) => ({ ...c, owner })), now),
  };
  return { ...tx, deliveries };
}

/** Another process took this claim over: it sends it; this one must not. */
export class ClaimTakenOver extends Error {
  constructor(key: string) {
    super(`${key} was taken over by another process`);
    this.name = 'ClaimTakenOver';
  }
}
