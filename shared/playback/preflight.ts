// What to say before Play is pressed: which key system the rights URL feeds, and what will
// certainly or probably go wrong (FairPlay here, no rights URL, a kid that is not the content's,
// a securityLevel above this device, no Widevine in this runtime).
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import type { KidCheck } from './kid-check.ts';
import type { EnvironmentCheck } from './report.ts';
import { SECURITY_LEVEL_NAMES, type TokenAsked } from './token-asked.ts';

export const WIDEVINE = 'com.widevine.alpha';
export const CLEARKEY = 'org.w3.clearkey';

/** The sandbox's rights URLs are ClearKey license servers; Test and Production are Widevine. */
export function keySystemFor(environment: EnvironmentId, drm: Drm): string | null {
  if (drm === 'fairplay') return null;
  return environment === 'sandbox' ? CLEARKEY : WIDEVINE;
}

export const FAIRPLAY_MESSAGE =
  'FairPlay playback needs Safari or an Apple platform (macOS, iOS, tvOS): FairPlay Streaming is not available in Chromium or Electron, so the workbench cannot play it here. Confirm FairPlay rights URLs with a Safari-based player.';

export const WIDEVINE_MISSING_ADVICE =
  'This runtime has no Widevine CDM. To confirm Widevine playback against ExpressPlay: run a castLabs "Electron for Content Security" (ECS) build of the workbench (Widevine component installed, VMP-signed for production), or run `drm-workbench web` and open the printed URL in Google Chrome (Chrome ships Widevine).';

export interface PreflightNote {
  /** error: Play cannot work; warning: it will probably fail, and why. */
  severity: 'error' | 'warning';
  message: string;
  param: string | null;
  fix: string | null;
}

export interface PreflightInput {
  environment: EnvironmentId;
  drm: Drm;
  rightsUrl: string | null;
  manifestUrl: string;
  kidCheck: KidCheck | null;
  asked: TokenAsked | null;
  environmentCheck: EnvironmentCheck | null;
}

export function preflight(input: PreflightInput): PreflightNote[] {
  const notes: PreflightNote[] = [];
  if (input.drm === 'fairplay') {
    return [{ severity: 'error', message: FAIRPLAY_MESSAGE, param: null, fix: null }];
  }
  if (!input.manifestUrl.trim()) {
    notes.push({ severity: 'error', message: 'Enter the manifest URL of the content (DASH .mpd or HLS .m3u8).', param: null, fix: null });
  }
  if (!input.rightsUrl) {
    notes.push({
      severity: 'error',
      message: 'No rights URL yet: request a token first — the rights URL from the last response becomes the license server.',
      param: null,
      fix: null,
    });
  } else if (/\/hms\/fp\//.test(input.rightsUrl)) {
    notes.push({ severity: 'warning', message: 'This rights URL is a FairPlay one (/hms/fp/); a Widevine player cannot use it.', param: null, fix: 'Request a Widevine token.' });
  }
  const kc = input.kidCheck;
  if (kc && (kc.status === 'mismatch' || kc.status === 'partial')) {
    notes.push({ severity: 'warning', message: kc.message, param: 'kid', fix: kc.fix });
  }
  const env = input.environmentCheck;
  if (env && input.environment !== 'sandbox') {
    if (!env.widevine.available) {
      notes.push({ severity: 'warning', message: WIDEVINE_MISSING_ADVICE, param: null, fix: null });
    } else {
      const asked = input.asked?.securityLevel ?? null;
      const max = env.widevine.maxSecurityLevel;
      if (asked !== null && max !== null && asked > max) {
        notes.push({
          severity: 'warning',
          message: `The token asks securityLevel ${asked} (${SECURITY_LEVEL_NAMES[asked] ?? '?'}) but this runtime supports at most ${max} (${SECURITY_LEVEL_NAMES[max] ?? '?'}): the license will be refused or unusable here.`,
          param: 'securityLevel',
          fix: `Request the token with securityLevel=${max} to confirm it on this device.`,
        });
      }
    }
  }
  return notes;
}
