// The content inspection's default per-request timeout, in a module of its own so
// `drm-workbench inspect --help` can print it without loading the inspection.
export const DEFAULT_CONTENT_TIMEOUT_MS = 15_000;
