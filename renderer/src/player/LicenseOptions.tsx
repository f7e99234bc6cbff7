// Optional license settings: request headers, server certificate, robustness, and whether the
// license POST goes through the app (no CORS) or from the page.
import { SECURITY_LEVEL_NAMES } from '../../../shared/widevine-levels.ts';
import { WIDEVINE } from '../../../shared/playback/key-systems.ts';
import { usePlayer } from '../app/context.tsx';
import type { PlayerSettings } from './store.ts';

export function LicenseOptions(props: { settings: PlayerSettings; routeDefault: boolean; routeThroughApp: boolean; keySystem: string | null }) {
  const { settings } = props;
  const set = usePlayer((s) => s.setSetting);
  return (
    <details className="wb-player__options">
      <summary>License options</summary>
      <label className="wb-player__field">
        <span>License request headers (one <code>Name: value</code> per line)</span>
        <textarea rows={2} value={settings.licenseHeaders} onChange={(e) => set('licenseHeaders', e.target.value)} spellCheck={false} />
      </label>
      <label className="wb-player__field">
        <span>Server certificate (URL or base64)</span>
        <input type="text" value={settings.serverCertificate} onChange={(e) => set('serverCertificate', e.target.value)} spellCheck={false} />
      </label>
      <label className="wb-player__field">
        <span>Video robustness{props.keySystem === WIDEVINE ? '' : ' (Widevine only)'}</span>
        <select value={settings.videoRobustness} onChange={(e) => set('videoRobustness', e.target.value)}>
          <option value="">Player default</option>
          {Object.entries(SECURITY_LEVEL_NAMES).map(([level, name]) => (
            <option key={name} value={name}>
              {name} (securityLevel {level})
            </option>
          ))}
        </select>
      </label>
      <label className="wb-player__check">
        <input type="checkbox" checked={props.routeThroughApp} onChange={(e) => set('routeThroughApp', e.target.checked)} />
        <span>
          Route license requests through the app (default {props.routeDefault ? 'on in the desktop app' : 'off in the web host'}: the app sends the
          license POST, so the license server's CORS does not matter)
        </span>
      </label>
    </details>
  );
}
