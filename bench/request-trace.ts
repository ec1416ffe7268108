// Preloaded into a bot by the dispatch benchmarks (node --import dist/bench/request-trace.js): appends to
// REQUEST_TRACE the epoch-millisecond time at which each request's headers went onto the socket (undici's
// diagnostics channel, which discord.js's REST client publishes to) with its method and path, a line each, so a bot killed with
// SIGKILL leaves its trace too. Set beside what the local Discord counted, it tells a burst the bot sent from
// one the local Discord, itself short of CPU, read late.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';

const file = process.env.REQUEST_TRACE;
if (file) {
  subscribe('undici:client:sendHeaders', (message) => {
    const { request } = message as { request?: { method?: string; path?: string } };
    appendFileSync(file, `${Date.now()} ${request?.method ?? '?'} ${request?.path ?? '?'}\n`);
  });
}
