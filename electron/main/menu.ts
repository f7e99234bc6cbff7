// The standard application menu, built from Electron's roles so every platform gets its usual
// shortcuts (copy/paste in text fields, zoom, full screen, quit). Developer tools only in
// development builds.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { openDocumentationLink } from './external-links.ts';

const EXPRESSPLAY_DOCS = 'https://www.expressplay.com/developer/';

export function buildAppMenu(options: { platform: string; isPackaged: boolean; log?: (line: string) => void }): Menu {
  const isMac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'ExpressPlay developer documentation',
          click: () => void openDocumentationLink(shell, EXPRESSPLAY_DOCS, options.log),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
