// The "Give up after" setting's bounds, in a module of their own: the renderer's stores read the
// default at start-up without loading the watchdog (and through it the verdict logic).
export const DEFAULT_GIVE_UP_SECONDS = 30;
export const MIN_GIVE_UP_SECONDS = 5;
export const MAX_GIVE_UP_SECONDS = 300;
