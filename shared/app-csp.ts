// The app's Content-Security-Policy, pure data: the desktop app's app:// protocol and the web
// host send it with every file of the built renderer (electron/web-host/static-files.ts).

/**
 * Media and connections may reach loopback (the sandbox, local packagers) and https (license
 * servers); scripts only from the app itself. The built index.html carries it as a meta tag too
 * (APP_CSP_META, written in by the renderer's build), so a page opened any other way is covered.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data: http://127.0.0.1:* https:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The policy as a `<meta http-equiv>` tag may carry it: browsers ignore frame-ancestors there (the
 * header sends it), and warn about it.
 */
export const APP_CSP_META = APP_CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');
