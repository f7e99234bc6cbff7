// A history re-run that was not sent: history kept a mask, not the value, for some parameters. Says
// which and why, takes the user to each, and stays until every one of them is typed (or dismissed).
import { useBuilder, useUi } from '../app/context.tsx';
import { maskedInRequest } from '../state/validation.ts';

const WHY = {
  'key-material': 'history keeps key material masked unless Settings → reveal content keys in history is on',
  secret: 'a piece of an authenticator was cut out of it before history kept it',
  unknown: 'history kept it masked (an entry this old does not say what was cut)',
} as const;

export function RerunBanner() {
  const rerun = useBuilder((s) => s.rerun);
  const draft = useBuilder((s) => s.draft);
  const { dismissRerun } = useBuilder((s) => s.actions);
  const { showParam } = useUi((s) => s.actions);
  if (!rerun) return null;
  const waiting = maskedInRequest(draft, rerun).filter((f) => rerun.fields.some((r) => r.name === f.name));
  const done = waiting.length === 0;
  return (
    <section className={`banner ${done ? 'banner-info' : 'banner-warning'}`} aria-labelledby="rerun-banner-title" data-rerun={done ? 'ready' : 'waiting'}>
      <div className="section-head">
        <h3 id="rerun-banner-title">
          {done ? 'Re-run ready: every masked value typed' : `Re-run of the request of ${new Date(rerun.at).toLocaleString()}: not sent`}
        </h3>
        <button type="button" className="button small" onClick={dismissRerun}>
          Dismiss
        </button>
      </div>
      {done ? (
        <p>Press Request token to send it: the values you typed are sent exactly as typed.</p>
      ) : (
        <>
          <p>
            History did not keep {waiting.length === 1 ? 'this value' : 'these values'} as sent, so sending now would not repeat that
            request, and the workbench never puts another value in its place. Type the value that was sent:
          </p>
          <ul>
            {waiting.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                <button type="button" className="link-button param-name" onClick={() => showParam(f.name)}>
                  {f.name}
                </button>{' '}
                holds <code>{f.mask}</code>: {WHY[f.reason]}.
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
