// Play was pressed while the token no longer matches the builder: play the old token (the verdict
// will name it, marked stale), or request a new token from the builder and play that once its rights
// URL arrives, or cancel. Shown over the whole app (a modal), like the send confirmation.
import { createPortal } from 'react-dom';
import { tokenKidsText } from '../../../shared/playback/report.ts';
import { Dialog } from '../common/Dialog.tsx';
import { ENVIRONMENT_LABELS } from '../request/target.ts';
import type { HeldToken } from '../state/held-token.ts';

export function StalePlayDialog(props: {
  token: HeldToken;
  differences: readonly string[];
  onPlayOld(): void;
  onRequestNew(): void;
  onCancel(): void;
}) {
  const { token, differences } = props;
  const kids = tokenKidsText(token.kids);
  const dialog = (
    <Dialog
      title="Play which token?"
      onCancel={props.onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={props.onCancel} data-autofocus>
            Cancel
          </button>
          <button type="button" className="button" onClick={props.onPlayOld}>
            Play the old token ({kids})
          </button>
          <button type="button" className="button primary" onClick={props.onRequestNew}>
            Request a new token, then play
          </button>
        </>
      }
    >
      <p>
        The token the Playback panel holds ({kids}, {ENVIRONMENT_LABELS[token.environment]}, issued{' '}
        {new Date(token.issuedAt).toLocaleTimeString()}) no longer matches the builder:
      </p>
      <ul>
        {differences.slice(0, 6).map((d, i) => (
          <li key={i}>{d}</li>
        ))}
        {differences.length > 6 && <li>and {differences.length - 6} more</li>}
      </ul>
      <p>
        Playing the old token confirms that token, not the request in the builder; its verdict will say so. A new token is
        requested with what the builder holds now, and played as soon as its rights URL arrives.
      </p>
    </Dialog>
  );
  // Over the whole app, so everything else is inert while it is up (Dialog makes its siblings inert).
  const root = typeof document !== 'undefined' ? document.querySelector('.app') : null;
  return root ? createPortal(dialog, root) : dialog;
}
