// Open a URL in the user's default browser. Best effort: a headless box or a missing opener
// just means the user opens the printed URL themselves.
import { spawn } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../storage/atomic-file.ts';

/** `url`: an http(s) URL or a local file path. */
export function openInBrowser(url: string, platform: string = process.platform): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? // `start` is a cmd built-in; its first quoted argument is the window title. The target is
          // quoted too: a path may hold spaces, and inside quotes & and ^ are not cmd syntax.
          ['cmd', ['/c', 'start', '""', `"${url}"`]]
        : ['xdg-open', [url]];
  try {
    // Verbatim on Windows so the quotes reach `start` as written.
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true, windowsVerbatimArguments: platform === 'win32' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Ignored on purpose: the URL is printed anyway.
  }
}

/** The launch page's file name, in the web host's (private) data directory. */
export const LAUNCH_PAGE = 'web-launch.html';

const escapeAttribute = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Opens `url`, which carries the launch token, without putting the token on a command line:
 * `xdg-open`/`open`/`start`, and the browser they start, keep their arguments where every local
 * user can read them (`ps`). The token goes into a page only this user can read (mode 0600, in
 * the private data directory) that forwards the browser to `url`; a command line carries only the
 * page's path. Resolves with a function that removes the page (the web host calls it on close).
 */
export async function openWithLaunchPage(dir: string, url: string, open: (target: string) => void = openInBrowser): Promise<() => Promise<void>> {
  await ensurePrivateDir(dir);
  const page = join(dir, LAUNCH_PAGE);
  const href = escapeAttribute(url);
  await writeFileAtomic(
    page,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${href}"><title>DRM Workbench</title>` +
      `<p>Opening the workbench… <a href="${href}">continue</a></p>\n`,
  );
  // A plain path: every opener takes one, and on Windows it holds no %-escapes for cmd to expand.
  open(page);
  return () => unlink(page).catch(() => undefined);
}
