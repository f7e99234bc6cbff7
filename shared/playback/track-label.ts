/**
 * How a track is named — `video`, `audio (en)`, `audio` — by the inspection, the player's
 * per-track check and the verdict alike: the player's tracks are matched to the inspection's by it.
 * A module of its own so the player's per-track check (in the renderer's first chunk) does not pull
 * the content inspection out of its lazy chunk.
 */
export const trackLabel = (kind: string, language: string | null): string => (kind === 'audio' && language ? `audio (${language})` : kind);
