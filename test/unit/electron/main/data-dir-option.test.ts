import { describe, expect, it } from 'vitest';
import { dataDirOption } from '../../../../electron/main/data-dir-option.ts';

// `--data-dir DIR` on the desktop app's command line: the way out when the default data dir is in use.

describe('the desktop app’s --data-dir', () => {
  it('is the default data dir when not given', () => {
    expect(dataDirOption(['/opt/electron', '.'], '/home/u')).toEqual({ kind: 'default' });
  });

  it('takes a folder, as two arguments or with =, relative to where the app was started', () => {
    expect(dataDirOption(['/opt/electron', '.', '--data-dir', 'wb'], '/home/u')).toEqual({ kind: 'given', dir: '/home/u/wb' });
    expect(dataDirOption(['DRM Workbench', '--data-dir=/tmp/wb'], '/home/u')).toEqual({ kind: 'given', dir: '/tmp/wb' });
  });

  it('without a folder, says how to give one', () => {
    expect(dataDirOption(['app', '--data-dir'], '/')).toEqual({ kind: 'invalid', message: '--data-dir needs a folder: --data-dir DIR' });
    expect(dataDirOption(['app', '--data-dir', '--no-sandbox'], '/')).toMatchObject({ kind: 'invalid' });
    expect(dataDirOption(['app', '--data-dir='], '/')).toMatchObject({ kind: 'invalid' });
  });
});
