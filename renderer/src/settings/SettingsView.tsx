// Authenticators (write-only: only the masked hint ever comes back), where they are kept, and the
// connection settings the privileged side uses.
import { useState } from 'react';
import type { Settings, VaultStatus } from '../../../shared/ipc/contract.ts';
import { useBuilder, useSettings } from '../app/context.tsx';
import { SHORTCUTS } from '../app/shortcuts.ts';
import { Facts } from '../common/Facts.tsx';
import { useFocusRequest } from '../builder/ParamField.tsx';

export function SettingsView() {
  const settingsError = useSettings((s) => s.settingsError);
  return (
    <div className="settings">
      <section className="panel" aria-labelledby="auth-title">
        <h2 id="auth-title">Authenticators</h2>
        <p className="help">
          Your customerAuthenticator for each ExpressPlay environment (admin dashboard → API keys). Write-only: the
          workbench shows only a masked hint and adds the key to requests on the privileged side. The sandbox needs none.
        </p>
        {settingsError && (
          <p className="banner banner-error" role="alert">
            {settingsError}
          </p>
        )}
        <StorageStatus />
        <AuthenticatorSlot environment="test" />
        <AuthenticatorSlot environment="production" />
      </section>
      <ConnectionSettings />
      <section className="panel" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.keys}>
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.what}</dd>
            </div>
          ))}
        </dl>
      </section>
      <AppInfoPanel />
    </div>
  );
}

function StorageStatus() {
  const storage = useSettings((s) => s.vault?.storage);
  const problems = useSettings((s) => s.vault?.problems);
  if (!storage) return <p className="muted">Storage status unknown.</p>;
  return (
    <>
      {problems && problems.length > 0 && (
        <div className="banner banner-warning" role="alert">
          <strong>Problems with the saved authenticators</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <StorageBackend storage={storage} />
    </>
  );
}

function StorageBackend({ storage }: { storage: VaultStatus['storage'] }) {
  return storage.available ? (
    <p className="banner banner-ok">
      Saved authenticators are encrypted with the OS keychain ({storage.backend}) and kept across restarts.
    </p>
  ) : (
    <div className="banner banner-warning" role="status">
      <p>
        <strong>The OS keychain is not available ({storage.backend}):</strong> authenticators are kept for this session
        only.
      </p>
      {storage.reason && <p>Why: {storage.reason}</p>}
      {storage.fix && <p>Fix: {storage.fix}</p>}
    </div>
  );
}

function AuthenticatorSlot({ environment }: { environment: 'test' | 'production' }) {
  const slot = useSettings((s) => s.vault?.slots[environment]);
  const available = useSettings((s) => s.vault?.storage.available ?? false);
  const inBuilder = useBuilder((s) => s.draft.environment === environment);
  const { setAuthenticator, clearAuthenticator } = useSettings((s) => s.actions);
  const [value, setValue] = useState('');
  const [sessionOnly, setSessionOnly] = useState(false);
  const label = environment === 'test' ? 'Test' : 'Production';
  const focusRef = useFocusRequest(inBuilder ? 'customerAuthenticator' : `customerAuthenticator.${environment}`);
  const id = `auth-${environment}`;
  const save = async () => {
    const ok = await setAuthenticator(environment, value.trim(), sessionOnly || !available);
    // Write-only: the secret leaves the input as soon as the privileged side has it.
    if (ok) setValue('');
  };
  return (
    // Not a <form>, and the input asks for no autocomplete: a browser's password manager must not
    // offer to keep the authenticator (the web host runs in an ordinary browser profile).
    <div className={`auth-slot env-border-${environment}`} role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span className={`env-tag env-${environment}`}>{label}</span> authenticator
      </h3>
      <p id={`${id}-status`} className="slot-status">
        {slot?.set ? (
          <>
            Set: <code>{slot.hint}</code> — {slot.persisted ? 'saved, encrypted' : 'kept for this session only'}
          </>
        ) : (
          'Not set.'
        )}
      </p>
      <div className="auth-field">
        <label htmlFor={id}>{`${label} customerAuthenticator`}</label>
        <input
          id={id}
          ref={(el) => void (focusRef.current = el)}
          type="password"
          className="mono"
          value={value}
          autoComplete="new-password"
          data-1p-ignore=""
          data-lpignore="true"
          spellCheck={false}
          placeholder={slot?.set ? 'Type a new one to replace it' : '201722,1ad8…'}
          aria-describedby={`${id}-status`}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && value.trim()) {
              e.preventDefault();
              void save();
            }
          }}
        />
        <button type="button" className="button primary" disabled={value.trim() === ''} onClick={() => void save()}>
          Save {label} authenticator
        </button>
        <button type="button" className="button" disabled={!slot?.set} onClick={() => void clearAuthenticator(environment)}>
          Clear {label} authenticator
        </button>
      </div>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={sessionOnly || !available}
          disabled={!available}
          onChange={(e) => setSessionOnly(e.target.checked)}
        />
        Keep for this session only{!available && ' (the only option without an OS keychain)'}
      </label>
    </div>
  );
}

function ConnectionSettings() {
  const settings = useSettings((s) => s.settings);
  const { updateSettings } = useSettings((s) => s.actions);
  const [timeout, setTimeoutText] = useState<string | null>(null);
  if (!settings) return null;
  const timeoutSeconds = timeout ?? String(settings.timeoutMs / 1000);
  const timeoutValid = /^\d+(\.\d+)?$/.test(timeoutSeconds) && Number(timeoutSeconds) >= 0.1 && Number(timeoutSeconds) <= 300;
  const save = (patch: Partial<Settings>) => void updateSettings(patch);
  return (
    <section className="panel" aria-labelledby="conn-title">
      <h2 id="conn-title">Requests</h2>
      <div className="settings-grid">
        <label htmlFor="set-prod-domain">Production domain</label>
        <select
          id="set-prod-domain"
          value={settings.prodDomain}
          onChange={(e) => save({ prodDomain: e.target.value as Settings['prodDomain'] })}
        >
          <option value="service.expressplay.com">service.expressplay.com</option>
          <option value="service.expressplay.cn">service.expressplay.cn (China)</option>
        </select>
        <label htmlFor="set-method">Default method</label>
        <select
          id="set-method"
          value={settings.defaultMethod}
          onChange={(e) => save({ defaultMethod: e.target.value as Settings['defaultMethod'] })}
        >
          <option value="POST">POST (form body: the authenticator stays out of URLs)</option>
          <option value="GET">GET</option>
        </select>
        <label htmlFor="set-timeout">Timeout (seconds)</label>
        <span>
          <input
            id="set-timeout"
            type="text"
            inputMode="decimal"
            value={timeoutSeconds}
            aria-invalid={!timeoutValid || undefined}
            aria-describedby="set-timeout-help"
            onChange={(e) => setTimeoutText(e.target.value)}
            onBlur={() => {
              if (timeoutValid) save({ timeoutMs: Math.round(Number(timeoutSeconds) * 1000) });
              setTimeoutText(null);
            }}
          />
          <span id="set-timeout-help" className="help">
            {timeoutValid ? ' 0.1 to 300 seconds.' : ' Enter a number of seconds between 0.1 and 300.'}
          </span>
        </span>
        <span id="set-reveal-label">Key material in history</span>
        <label className="inline-check">
          <input
            type="checkbox"
            aria-labelledby="set-reveal-label set-reveal-text"
            checked={settings.revealContentKeysInHistory}
            onChange={(e) => save({ revealContentKeysInHistory: e.target.checked })}
          />
          <span id="set-reveal-text">Keep contentKey values readable in history (so Re-run can send them)</span>
        </label>
      </div>
    </section>
  );
}

function AppInfoPanel() {
  const info = useSettings((s) => s.appInfo);
  if (!info) return null;
  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 id="about-title">About</h2>
      <Facts
        className="anatomy"
        items={[
          { term: 'Version', value: info.version },
          { term: 'Running in', value: info.runtime === 'electron' ? 'the desktop app' : 'a browser, through the local web host' },
          info.widevineComponent && { term: 'Widevine component', value: `${info.widevineComponent.status} — ${info.widevineComponent.detail}` },
        ]}
      />
    </section>
  );
}
