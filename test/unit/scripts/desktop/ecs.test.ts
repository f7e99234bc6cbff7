import { describe, expect, it } from 'vitest';
import { chooseEcsRelease, ecsRoot, ecsZipName, parseEcsTag, parseReleases, type EcsRelease } from '../../../../scripts/desktop/ecs.ts';

// Which castLabs ECS build `npm run start:widevine` installs, and where.

const release = (tag: string, platforms = ['linux-x64', 'darwin-arm64', 'win32-x64'], prerelease = false): EcsRelease => ({
  tag,
  prerelease,
  draft: false,
  assets: platforms.map((p) => ({ name: `electron-${tag}-${p}.zip`, url: null, sha256: null })),
});

const RELEASES = [
  release('v46.0.0-alpha.2+wvcus', undefined, true),
  release('v45.3.0+wvcus'),
  release('v45.10.1+wvcus', ['darwin-arm64', 'win32-x64']),
  release('v45.2.0+wvcus'),
  release('v44.5.1+wvcus'),
  release('v43.7.7+wvcus'),
  release('v41.9.9-wvvmp'),
];

describe('choosing the castLabs ECS build', () => {
  it("the same version as the project's Electron when castLabs built it", () => {
    const choice = chooseEcsRelease([...RELEASES, release('v45.4.1+wvcus')], '45.4.1', 'linux', 'x64');
    expect(choice).toMatchObject({ version: '45.4.1+wvcus', exact: true });
    expect(choice!.note).toBe("castLabs ECS 45.4.1+wvcus: the project's Electron 45.4.1, with Widevine");
  });

  it('else their newest build of the same major for this platform (numbers compare as numbers), and it says so', () => {
    expect(chooseEcsRelease(RELEASES, '45.4.1', 'darwin', 'arm64')).toMatchObject({ version: '45.10.1+wvcus', exact: false });
    const linux = chooseEcsRelease(RELEASES, '45.4.1', 'linux', 'x64')!;
    expect(linux.version).toBe('45.3.0+wvcus'); // 45.10.1 has no Linux zip
    expect(linux.note).toBe('castLabs ECS 45.3.0+wvcus: castLabs has no build of Electron 45.4.1, this is their newest of Electron 45');
  });

  it('else the nearest major, the older one when two are as near, stated as such — never an alpha or an old wvvmp build', () => {
    const choice = chooseEcsRelease(RELEASES, '46.1.0', 'linux', 'x64')!;
    expect(choice.version).toBe('45.3.0+wvcus');
    expect(choice.note).toContain('castLabs has no build of Electron 46 for linux-x64; this is the nearest (Electron 45)');
    expect(chooseEcsRelease([release('v44.1.0+wvcus'), release('v46.0.0+wvcus')], '45.0.0', 'linux', 'x64')!.version).toBe('44.1.0+wvcus');
    expect(chooseEcsRelease([release('v41.9.9-wvvmp')], '41.9.9', 'linux', 'x64')).toBeNull();
  });

  it('none at all for a platform castLabs does not build', () => {
    expect(chooseEcsRelease(RELEASES, '45.4.1', 'linux', 'arm64')).toBeNull();
  });

  it('tags and zip names as castLabs spells them', () => {
    expect(parseEcsTag('v45.4.1+wvcus')).toEqual({ version: '45.4.1+wvcus', major: 45, minor: 4, patch: 1 });
    expect(parseEcsTag('v45.0.0-beta.1+wvcus')).toBeNull();
    expect(parseEcsTag('v11.5.0-wvvmp')).toBeNull();
    expect(ecsZipName('45.4.1+wvcus', 'win32', 'x64')).toBe('electron-v45.4.1+wvcus-win32-x64.zip');
  });

  it("reads the GitHub API's list: tag, flags, asset names, download URLs and published SHA-256 digests", () => {
    const [parsed] = parseReleases([
      {
        tag_name: 'v45.4.1+wvcus',
        prerelease: false,
        draft: false,
        assets: [
          { name: 'electron-v45.4.1+wvcus-linux-x64.zip', browser_download_url: 'https://github.com/x.zip', digest: `sha256:${'AB'.repeat(32)}` },
          { name: 'SHASUMS256.txt', browser_download_url: 'https://github.com/s.txt', digest: null },
        ],
      },
    ]);
    expect(parsed).toEqual({
      tag: 'v45.4.1+wvcus',
      prerelease: false,
      draft: false,
      assets: [
        { name: 'electron-v45.4.1+wvcus-linux-x64.zip', url: 'https://github.com/x.zip', sha256: 'ab'.repeat(32) },
        { name: 'SHASUMS256.txt', url: 'https://github.com/s.txt', sha256: null },
      ],
    });
    expect(() => parseReleases({ message: 'API rate limit exceeded' })).toThrow('not a JSON array');
  });
});

describe('where ECS builds are installed: a folder of their own in the user cache, one per version', () => {
  it.each([
    ['linux', {}, '/home/u/.cache/drm-workbench/ecs'],
    ['linux', { XDG_CACHE_HOME: '/xdg' }, '/xdg/drm-workbench/ecs'],
    ['darwin', {}, '/home/u/Library/Caches/drm-workbench/ecs'],
    ['win32', { LOCALAPPDATA: '/appdata/local' }, '/appdata/local/drm-workbench/Cache/ecs'],
  ])('%s %j', (platform, env, expected) => {
    expect(ecsRoot(env as NodeJS.ProcessEnv, platform, '/home/u')).toBe(expected);
  });

  it('DRM_WORKBENCH_ECS_DIR moves it', () => {
    expect(ecsRoot({ DRM_WORKBENCH_ECS_DIR: '/opt/ecs' }, 'linux', '/home/u')).toBe('/opt/ecs');
  });
});
