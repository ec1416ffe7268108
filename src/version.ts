import { readFileSync } from 'node:fs';

/** Lumbar's version from package.json, read once at wiring time. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
