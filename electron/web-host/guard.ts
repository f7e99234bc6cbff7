// Who may talk to the web host. It listens on 127.0.0.1 only, but any web page the user visits
// could still send requests there, and a DNS-rebinding page could even make them same-origin.
// So: the Host header must name this server exactly (rebinding arrives with the attacker's
// host name), an Origin, when the browser sends one, must be this server's, and every API call
// must carry the per-launch token that only the URL printed by `drm-workbench web` holds.
import { timingSafeEqual } from 'node:crypto';
import type { WireError } from '../../shared/ipc/contract.ts';

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, which browsers send on every request and pages cannot forge (checked for API calls). */
  fetchSite?: string | undefined;
  /** The token header, or undefined when absent (only checked for API calls). */
  token: string | undefined;
}

export type GuardResult = { ok: true } | { ok: false; error: WireError };

const shown = (value: string): string => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** The Host header values this server answers to. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkHost(host: string | undefined, port: number): GuardResult {
  if (host !== undefined && allowedHosts(port).includes(host.toLowerCase())) return { ok: true };
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message:
        `Refused: this workbench answers only to 127.0.0.1:${port} or localhost:${port}, not to the host ${host === undefined ? '(none)' : shown(host)}. ` +
        'Open the URL that `drm-workbench web` printed.',
    },
  };
}

/** Browsers send Origin on cross-origin requests and on POSTs; it must be the page's own. */
export function checkOrigin(origin: string | undefined, host: string): GuardResult {
  if (origin === undefined || origin === `http://${host.toLowerCase()}`) return { ok: true };
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: `Refused: a page from ${shown(origin)} may not call the workbench; only the pages it serves (http://${host}) may.`,
    },
  };
}

/**
 * A second opinion on API calls from browsers: only the workbench's own pages call its API, so
 * anything a browser labels other than same-origin (another site, another port of 127.0.0.1, a
 * typed URL) is refused even if it got past Origin. Non-browser clients send no such header.
 */
export function checkFetchSite(fetchSite: string | undefined): GuardResult {
  if (fetchSite === undefined || fetchSite.toLowerCase() === 'same-origin') return { ok: true };
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: `Refused: the browser says this call comes from ${shown(fetchSite)}, not from a page of the workbench itself.`,
    },
  };
}

export function checkToken(given: string | undefined, expected: string): GuardResult {
  if (given === undefined || given === '') {
    return {
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Refused: this page has no launch token. Open the exact URL that `drm-workbench web` printed ' +
          '(it carries the token after #token=); a tab opened another way has none.',
      },
    };
  }
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length === b.length && timingSafeEqual(a, b)) return { ok: true };
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: 'Refused: the launch token is not this run\'s (was the web host restarted?). Open the new URL that `drm-workbench web` printed.',
    },
  };
}

/** Host, then Origin, then (for API calls) Sec-Fetch-Site and the token. */
export function guardRequest(input: GuardInput, options: { port: number; token: string | null }): GuardResult {
  const host = checkHost(input.host, options.port);
  if (!host.ok) return host;
  const origin = checkOrigin(input.origin, input.host as string);
  if (!origin.ok) return origin;
  if (options.token === null) return { ok: true };
  const site = checkFetchSite(input.fetchSite);
  return site.ok ? checkToken(input.token, options.token) : site;
}
