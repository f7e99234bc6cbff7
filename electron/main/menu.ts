// The standard application menu, built from Electron's roles so every platform gets its usual
// shortcuts (copy/paste in text fields, zoom, full screen, quit). Developer tools only in
// development builds.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

const EXPRESSPLAY_DOCS = 'https://www.expressplay.com/developer/';

export function buildAppMenu(options: { platform: string; isPackaged: boolean }): Menu {
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
          click: () => void shell.openExternal(EXPRESSPLAY_DOCS),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
