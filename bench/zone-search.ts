// Zone autocomplete (the `timezone` options): the first call builds the index; then 10,000 inputs,
// prefixes of zone, city and informal names of 1 to 20 characters, and random letters, timed after
// one untimed pass (each zone's first offset lookup in a process costs about 1 ms, once).
import cityTimezones from 'city-timezones';
import { searchZones } from '../src/time/zone-search.ts';
import { zoneNames } from '../src/time/zones.ts';
import { timeSync, type Summary } from './stats.ts';

export function benchZoneSearch(): { firstCallMs: number; search: Summary } {
  const t = performance.now();
  searchZones('lon');
  const firstCallMs = performance.now() - t;
  const names = [...zoneNames(), ...cityTimezones.cityMapping.map((c) => c.city), 'eastern time', 'bay area', 'nyc'];
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const inputs = Array.from({ length: 10_000 }, (_, i) => {
    const len = (i % 20) + 1;
    if (i % 4 === 3) return Array.from({ length: len }, () => 'abcdefghijklmnopqrstuvwxyz '[Math.floor(rand() * 27)]).join('');
    return names[Math.floor(rand() * names.length)]!.slice(0, len);
  });
  return { firstCallMs, search: timeSync((i) => searchZones(inputs[i]!), 10_000, 10_000) };
}

if (process.argv[1]?.endsWith('zone-search.ts')) console.log(JSON.stringify(benchZoneSearch()));
