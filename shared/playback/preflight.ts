// What to say before Play is pressed: which key system the rights URL feeds, and what will
// certainly or probably go wrong (FairPlay here, PlayReady without a PlayReady CDM, no rights URL,
// a kid that is not the content's, a securityLevel above this device, no Widevine in this runtime).
import { explained, type Explained } from '../explained.ts';
import { DRM_NAMES } from '../expressplay/drm-names.ts';
import { drmOfPath, drmPathPrefix } from '../expressplay/endpoints.ts';
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import type { KidCheck } from './kid-check.ts';
import type { EnvironmentCheck } from './report.ts';
import type { TokenAsked } from './token-asked.ts';
import { SECURITY_LEVEL_NAMES } from '../widevine-levels.ts';
import { CLEARKEY, PLAYREADY, PLAYREADY_RECOMMENDATION, WIDEVINE } from './key-systems.ts';

/**
 * The sandbox's rights URLs (and its PlayReady license acquisition URL) are ClearKey license
 * servers; on Test and Production a Widevine token plays with Widevine, a PlayReady one with
 * com.microsoft.playready. FairPlay never plays here.
 */
export function keySystemFor(environment: EnvironmentId, drm: Drm): string | null {
  if (drm === 'fairplay') return null;
  if (environment === 'sandbox') return CLEARKEY;
  return drm === 'playready' ? PLAYREADY : WIDEVINE;
}

/** Whether the environment check found a PlayReady CDM (the legacy or the recommendation key system). */
export function hasPlayReady(env: EnvironmentCheck): boolean {
  return env.keySystems.some((k) => (k.keySystem === PLAYREADY || k.keySystem === PLAYREADY_RECOMMENDATION) && k.supported);
}

export const PLAYREADY_MESSAGE =
  'PlayReady playback needs a runtime with a PlayReady CDM: Microsoft Edge on Windows, Xbox, and some smart TVs. Chromium, Chrome on most systems and Electron have none, so the workbench cannot play a Test or Production PlayReady token here. Confirm it in Edge on Windows (run `drm-workbench web` and open the printed URL there); in the sandbox, PlayReady tokens play with ClearKey.';

export const FAIRPLAY_MESSAGE =
  'FairPlay playback needs Safari or an Apple platform (macOS, iOS, tvOS): FairPlay Streaming is not available in Chromium or Electron, so the workbench cannot play it here. Confirm FairPlay rights URLs with a Safari-based player.';

export const PLAYREADY_MISSING_ADVICE =
  'This runtime has no PlayReady CDM. PlayReady plays in Microsoft Edge on Windows, on Xbox and on some smart TVs; sandbox PlayReady tokens play here with ClearKey.';

export const WIDEVINE_MISSING_ADVICE =
  'This runtime has no Widevine CDM. To confirm Widevine playback against ExpressPlay: run a castLabs "Electron for Content Security" (ECS) build of the workbench (Widevine component installed, VMP-signed for production), or run `drm-workbench web` and open the printed URL in Google Chrome (Chrome ships Widevine).';

/**
 * One thing to say before Play, as an Explained (source 'workbench'; 'validation' for what the
 * token asks). error: Play cannot work; warning: it will probably fail, and why. The title is the
 * sentence shown in the list.
 */
export type PreflightNote = Explained;

export interface PreflightInput {
  environment: EnvironmentId;
  drm: Drm;
  rightsUrl: string | null;
  manifestUrl: string;
  kidCheck: KidCheck | null;
  asked: TokenAsked | null;
  environmentCheck: EnvironmentCheck | null;
}

/** A note for the list before Play: the workbench's own finding about this playback. */
export const playNote = (fields: Pick<Explained, 'severity' | 'title' | 'cause'> & Partial<Explained>): PreflightNote =>
  explained({ source: 'workbench', ...fields });

export function preflight(input: PreflightInput): PreflightNote[] {
  const notes: PreflightNote[] = [];
  if (input.drm === 'fairplay') {
    return [
      playNote({
        code: 'fairplay-here',
        severity: 'error',
        title: FAIRPLAY_MESSAGE,
        cause: 'FairPlay Streaming is available only in Safari and on Apple platforms; this runtime is Chromium or Electron.',
        faults: [{ kind: 'step', step: 'key system' }],
      }),
    ];
  }
  if (!input.manifestUrl.trim()) {
    notes.push(
      playNote({
        code: 'no-manifest',
        severity: 'error',
        title: 'Enter the manifest URL of the content (DASH .mpd or HLS .m3u8).',
        cause: 'There is no content to play without a manifest URL.',
        faults: [{ kind: 'step', step: 'manifest' }],
      }),
    );
  }
  if (!input.rightsUrl) {
    notes.push(
      playNote({
        code: 'no-rights-url',
        severity: 'error',
        title: 'No rights URL yet: request a token first — the rights URL from the last response becomes the license server.',
        cause: 'The player gets its license from the rights URL of a token response, and no token response with one has come yet.',
        faults: [{ kind: 'step', step: 'license' }],
      }),
    );
  } else {
    const urlDrm = drmOfPath(input.rightsUrl);
    if (urlDrm !== null && urlDrm !== input.drm) {
      notes.push(
        playNote({
          code: `${urlDrm}-rights-url`,
          severity: 'warning',
          title: `This rights URL is a ${DRM_NAMES[urlDrm]} one (${drmPathPrefix(urlDrm)}); a ${DRM_NAMES[input.drm]} player cannot use it.`,
          cause: `A rights URL redeems a token for one DRM; a ${DRM_NAMES[urlDrm]} token's rights URL answers ${DRM_NAMES[urlDrm]} requests, not ${DRM_NAMES[input.drm]} license requests.`,
          fix: `Request a ${DRM_NAMES[input.drm]} token.`,
          faults: [{ kind: 'step', step: 'license' }],
        }),
      );
    }
  }
  const kc = input.kidCheck;
  if (kc && (kc.status === 'mismatch' || kc.status === 'partial')) {
    notes.push(
      explained({
        code: `kid-${kc.status}`,
        source: 'validation',
        severity: 'warning',
        title: kc.message,
        cause: 'A license holds keys only for the token\'s kids; content encrypted under a KID the token does not name cannot be decrypted with it.',
        faults: [{ kind: 'param', param: 'kid' }, ...kc.uncoveredContentKids.map((kid) => ({ kind: 'kid' as const, kid }))],
        fix: kc.fix,
        data: { status: kc.status, tokenKids: kc.tokenKids, contentKids: kc.contentKids },
      }),
    );
  }
  const env = input.environmentCheck;
  if (env && input.environment !== 'sandbox' && input.drm === 'playready' && !hasPlayReady(env)) {
    // As for FairPlay: nothing here can play it, so Play stops before it starts.
    notes.push(
      playNote({
        code: 'playready-here',
        severity: 'error',
        title: PLAYREADY_MESSAGE,
        cause: 'The environment check found neither com.microsoft.playready nor com.microsoft.playready.recommendation in this runtime.',
        faults: [{ kind: 'step', step: 'key system' }],
      }),
    );
  }
  if (env && input.environment !== 'sandbox' && input.drm === 'widevine') {
    if (!env.widevine.available) {
      notes.push(
        playNote({
          code: 'no-widevine',
          severity: 'warning',
          title: WIDEVINE_MISSING_ADVICE,
          cause: 'The environment check found no Widevine CDM in this runtime (stock Electron and Debian Chromium ship without one).',
          faults: [{ kind: 'step', step: 'key system' }],
        }),
      );
    } else {
      const asked = input.asked?.securityLevel ?? null;
      const max = env.widevine.maxSecurityLevel;
      if (asked !== null && max !== null && asked > max) {
        notes.push(
          explained({
            code: 'security-level-above-device',
            source: 'validation',
            severity: 'warning',
            title: `The token asks securityLevel ${asked} (${SECURITY_LEVEL_NAMES[asked] ?? '?'}) but this runtime supports at most ${max} (${SECURITY_LEVEL_NAMES[max] ?? '?'}): the license will be refused or unusable here.`,
            cause: 'The environment check\'s robustness probe accepted no higher Widevine level on this device, and a license is only usable at the level the token asks.',
            faults: [{ kind: 'param', param: 'securityLevel' }],
            fix: `Request the token with securityLevel=${max} to confirm it on this device.`,
            data: { asked, max },
          }),
        );
      }
    }
  }
  return notes;
}
