// The one way the app opens anything outside itself: shell.openExternal, for the documentation
// sites in policy.ts's DOCUMENTATION_LINKS only. Every refusal is logged with its reason. No
// 'electron' import: main passes `shell` in, so the rule is tested in plain Node.
import { externalLinkRefusal } from './policy.ts';

/** The part of Electron's `shell` used here. */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** Opens `url` in the user's browser when it is a documentation link; returns whether it did. */
export function openDocumentationLink(shell: ShellLike, url: string, log?: (line: string) => void): boolean {
  const refusal = externalLinkRefusal(url);
  if (refusal !== null) {
    log?.(`refused to open ${url.slice(0, 300)} in the browser: ${refusal}`);
    return false;
  }
  shell.openExternal(url).catch((error: unknown) => log?.(`could not open ${url} in the browser: ${error instanceof Error ? error.message : String(error)}`));
  return true;
}
