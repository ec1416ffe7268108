// Real files that DATABASE_PATH might point at by mistake, each made in a fresh folder: the cases
// Lumbar must refuse at start-up with one clear message.
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db.ts';

/** A healthy Lumbar database with a few hundred rows, so it spans many pages. */
export function lumbarDatabase(dir: string): string {
  const path = join(dir, 'lumbar.db');
  const db = openDatabase(path);
  const insert = db.prepare("INSERT INTO members (user_id, dm_channel_id, created_at) VALUES (?, '1', 0)");
  db.transaction(() => {
    for (let i = 0; i < 400; i++) insert.run(String(100000000000000000n + BigInt(i)));
  })();
  db.close(); // checkpoints the WAL into the file
  return path;
}

function otherDatabase(path: string, sql: string): string {
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

/** Name -> a path that must be refused, and what the message must say about it. */
export function badDatabasePaths(dir: (name: string) => string): Record<string, { path: string; says: RegExp }> {
  const text = join(dir('text'), 'notes.txt');
  writeFileSync(text, 'This is not a database, just some notes.\n');

  const truncated = lumbarDatabase(dir('truncated'));
  writeFileSync(truncated, readFileSync(truncated).subarray(0, 4096 * 2));

  // Pages 3 onwards overwritten with garbage: the header and schema page still read fine.
  const corrupt = lumbarDatabase(dir('corrupt'));
  const fd = openSync(corrupt, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, 4096 * 2);
  closeSync(fd);

  const folder = join(dir('folder'), 'lumbar.db');
  mkdirSync(folder);

  return {
    'a text file': { path: text, says: /is not a SQLite database/ },
    'a truncated database': { path: truncated, says: /is damaged/ },
    'a database with damaged pages': { path: corrupt, says: /is damaged/ },
    'a folder': { path: folder, says: /is a folder, not a file/ },
    'a path under a file': { path: join(text, 'lumbar.db'), says: /part of its folder path \(.*notes.txt\) is a file/ },
    // /proc refuses new files even to root, so this is a folder no one can write.
    'a folder no one can write': { path: '/proc/self/lumbar.db', says: /cannot be opened or created|is not writable/ },
    "another application's database": {
      path: otherDatabase(join(dir('foreign'), 'shop.db'), 'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);'),
      says: /belongs to another application: it has tables \(invoices\)/,
    },
    'a schema version without its tables': {
      path: otherDatabase(join(dir('versioned'), 'app.db'), 'CREATE TABLE notes (body TEXT); PRAGMA user_version = 2;'),
      says: /lacks the tables .*members/,
    },
    'a newer Lumbar schema': {
      path: otherDatabase(join(dir('newer'), 'lumbar.db'), 'PRAGMA user_version = 999;'),
      says: /newer than this Lumbar knows/,
    },
  };
}
