// Where Lumbar's own files are, whether it runs from src/ through tsx or compiled from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`Lumbar's package.json was not found above ${from}`);
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const DATA_DIR = join(ROOT, 'data');
export const MIGRATIONS_DIR = join(ROOT, 'src', 'store', 'migrations');
export const PG_MIGRATIONS_DIR = join(ROOT, 'src', 'store', 'pg', 'migrations');
