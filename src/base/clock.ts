/** The real clock, or one that starts at a given instant and runs on in real time (demos, e2e). */
export function createClock(startAt?: string): () => Date {
  if (!startAt) return () => new Date();
  const offset = Date.parse(startAt) - Date.now();
  return () => new Date(Date.now() + offset);
}
