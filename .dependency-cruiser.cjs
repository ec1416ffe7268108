// The folder rules (README, "For contributors"; docs/design.md, "Layers"), checked in `npm test`:
// dependencies flow one way, commands -> features -> delivery/render/store -> time, with no cycles,
// between files or between folders. src/base/ (logger, clock, paths) is plumbing any layer may use.
const LUMBAR = '^(src|commands)/';

/** A layer may not import these folders. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to });

module.exports = {
  forbidden: [
    { name: 'no-cycles', comment: 'No import cycles, type-only imports included.', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-folder-cycles', comment: 'No cycles between folders either.', severity: 'error', scope: 'folder', from: {}, to: { circular: true } },
    forbid('time-is-a-leaf', 'src/time/ imports nothing of Lumbar\'s.', '^src/time/', { path: LUMBAR, pathNot: '^src/time/' }),
    forbid('base-is-a-leaf', 'Plumbing every layer may use (logger, clock, paths, version) imports nothing of Lumbar\'s.', '^src/base/', { path: LUMBAR, pathNot: '^src/base/' }),
    forbid('content-is-a-leaf', 'The knowledge base stands alone.', '^src/content/', { path: LUMBAR, pathNot: '^src/(content|base)/' }),
    forbid('store-below-features', 'The store knows only time.', '^src/store/', { path: LUMBAR, pathNot: '^src/(store|time|base)/' }),
    forbid('app-below-features', 'The context and config describe what the layers below provide; they import no feature.', '^src/app/', {
      path: '^(src/(reminders|clubs|discord|render)/|commands/)',
    }),
    forbid('render-is-pure', 'Renderers turn domain objects into payloads: no store, no delivery, no features, no discord.js adapter.', '^src/render/', {
      path: '^(src/(store|delivery|discord|reminders|clubs)/|commands/)',
    }),
    forbid('delivery-knows-no-feature', 'The delivery loop knows no feature and no Discord adapter.', '^src/delivery/', {
      path: '^(src/(reminders|clubs|content|discord)/|commands/)',
    }),
    forbid('features-apart', 'Features do not import each other, the Discord adapter or commands.', '^src/reminders/', { path: '^(src/(clubs|discord)/|commands/)' }),
    forbid('features-apart-2', 'Features do not import each other, the Discord adapter or commands.', '^src/clubs/', { path: '^(src/(reminders|discord)/|commands/)' }),
    forbid('commands-no-sql', 'Commands call features; they reach neither the store nor the delivery loop.', '^commands/', { path: '^src/(store|delivery)/' }),
    forbid('adapter-knows-no-feature', 'The router and the rest of the Discord adapter get commands and hooks passed in.', '^src/discord/', {
      path: '^(src/(reminders|clubs)/|commands/)',
    }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|bench/out)/' },
  },
};
