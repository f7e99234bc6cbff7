// How the web host carries the contract over HTTP (`POST /api/<channel>`): the facts both ends
// must agree on, kept once — the web client (renderer) sends them, the web host checks them.

/** The header that carries the per-launch token; the web host checks it on every API call. */
export const TOKEN_HEADER = 'X-Workbench-Token';
