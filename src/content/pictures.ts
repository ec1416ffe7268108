// What a stretch picture is, as data: src/render/pictures/ draws them once at start-up, the context carries
// them, and a renderer attaches the one a message shows. Plain data, so every layer may hold one.

export interface Picture {
  /** The attachment's file name, e.g. "knee-rolls.png": letters, digits, '.', '_' and '-' only. */
  fileName: string;
  png: Buffer;
  /** The attachment's description for screen readers (Discord allows 1024 characters). */
  alt: string;
}

export interface Pictures {
  /** One per stretch, by stretch id. */
  stretches: ReadonlyMap<string, Picture>;
  /** An activity's stretches side by side, by activity id, for its card's stretches section. */
  strips: ReadonlyMap<string, Picture>;
}
