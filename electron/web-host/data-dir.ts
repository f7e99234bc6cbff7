// The default data directory: the same one the desktop app uses (Electron's appData +
// "drm-workbench"), so history and settings are shared between the two.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform: string = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'drm-workbench');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'drm-workbench');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'drm-workbench');
}
