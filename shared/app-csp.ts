// The app's Content-Security-Policy, pure data: the desktop app's app:// protocol and the web
// host send it with every file of the built renderer (electron/web-host/static-files.ts).

/**
 * The same policy as the meta tag in renderer/index.html (both are enforced, so the stricter
 * wins). Media and connections may reach loopback (the sandbox, local packagers) and https
 * (license servers); scripts only from the app itself.
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
