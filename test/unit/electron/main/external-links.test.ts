import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDocumentationLink, type ShellLike } from '../../../../electron/main/external-links.ts';
import { DOCUMENTATION_LINKS, externalLinkRefusal } from '../../../../electron/main/policy.ts';

// shell.openExternal hands a URL to the operating system. The app uses it only for the
// documentation sites it links to; everything else is refused, and the refusal logged.

function fakeShell(): ShellLike & { opened: string[] } {
  const opened: string[] = [];
  return { opened, openExternal: async (url) => void opened.push(url) };
}

describe('opening links in the browser', () => {
  it('opens the documentation the app links to: ExpressPlay, Shaka, castLabs, Widevine, EME, Electron, Chrome', () => {
    const shell = fakeShell();
    const docs = [
      'https://www.expressplay.com/developer/',
      'https://shaka-player-demo.appspot.com/docs/api/shaka.util.Error.html',
      'https://github.com/shaka-project/shaka-player/issues',
      'https://github.com/castlabs/electron-releases/wiki/EVS',
      'https://developers.google.com/widevine/drm/overview',
      'https://www.w3.org/TR/encrypted-media-2/',
      'https://www.electronjs.org/docs/latest/api/safe-storage',
      'https://www.google.com/chrome/',
    ];
    for (const url of docs) expect(openDocumentationLink(shell, url), url).toBe(true);
    expect(shell.opened).toEqual(docs);
  });

  it('refuses and logs anything else: another site, another repository on a listed host, http, credentials, ports, other schemes', () => {
    const shell = fakeShell();
    const lines: string[] = [];
    const refused: [string, string][] = [
      ['https://evil.example/login', 'evil.example is not one of the documentation sites the app links to'],
      ['https://github.com/attacker/shaka-project/', 'github.com is not one of the documentation sites the app links to'],
      ['https://www.google.com/search?q=x', 'www.google.com is not one of the documentation sites the app links to'],
      ['http://www.expressplay.com/developer/', 'only https links are opened (this is http:)'],
      ['https://user:pw@www.expressplay.com/', 'a link carrying credentials is never opened'],
      ['https://www.expressplay.com:8443/', 'a link to a non-standard port is never opened'],
      ['file:///etc/passwd', 'only https links are opened (this is file:)'],
      ['smb://server/share', 'only https links are opened (this is smb:)'],
      ['javascript:alert(1)', 'only https links are opened (this is javascript:)'],
      ['not a url', 'not a URL'],
    ];
    for (const [url, reason] of refused) {
      expect(externalLinkRefusal(url), url).toBe(reason);
      expect(openDocumentationLink(shell, url, (l) => lines.push(l))).toBe(false);
    }
    expect(shell.opened).toEqual([]);
    expect(lines).toEqual(refused.map(([url, reason]) => `refused to open ${url} in the browser: ${reason}`));
  });

  it('a host that merely ends with a listed one is not listed', () => {
    expect(externalLinkRefusal('https://evilexpressplay.com/')).toBe('evilexpressplay.com is not one of the documentation sites the app links to');
    expect(externalLinkRefusal('https://www.expressplay.com.evil.example/')).toContain('is not one of the documentation sites');
    expect(DOCUMENTATION_LINKS.every((entry) => entry.host === entry.host.toLowerCase())).toBe(true);
  });

  it('a path that merely starts like a listed one is not listed: the listed path is a whole segment', () => {
    expect(externalLinkRefusal('https://github.com/castlabs/electron-releases')).toBeNull();
    expect(externalLinkRefusal('https://github.com/castlabs/electron-releases/releases')).toBeNull();
    expect(externalLinkRefusal('https://github.com/castlabs/electron-releases-mirror/')).toBe('github.com is not one of the documentation sites the app links to');
    expect(externalLinkRefusal('https://developers.google.com/widevine-elsewhere')).toContain('is not one of the documentation sites');
  });

  it('no code in the app calls shell.openExternal except through this guard', () => {
    const root = join(import.meta.dirname, '..', '..', '..', '..');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
    const callers = [...walk(join(root, 'electron')), ...walk(join(root, 'renderer', 'src'))]
      .filter((file) => readFileSync(file, 'utf8').includes('.openExternal('))
      .map((file) => relative(root, file).replaceAll('\\', '/'));
    expect(callers).toEqual(['electron/main/external-links.ts']);
  });
});
