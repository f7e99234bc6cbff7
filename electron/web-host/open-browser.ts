// Open a URL in the user's default browser. Best effort: a headless box or a missing opener
// just means the user opens the printed URL themselves.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, platform: string = process.platform): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? // `start` is a cmd built-in; its first quoted argument is the window title.
          ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    // Verbatim on Windows so `""` reaches `start` as the empty title (the token is base64url: no cmd metacharacters).
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true, windowsVerbatimArguments: platform === 'win32' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Ignored on purpose: the URL is printed anyway.
  }
}
