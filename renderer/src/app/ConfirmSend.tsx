// The confirmation before a request that deserves a second look: the first Production request of the
// session, or one the validator says the service will refuse (sent anyway to reproduce a customer's answer).
import { useSend, useSettings } from './context.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { ExplainedItems } from '../common/ExplainedView.tsx';

export function ConfirmSend() {
  const confirm = useSend((s) => s.confirm);
  const prodDomain = useSettings((s) => s.settings?.prodDomain ?? 'service.expressplay.com');
  const prodSlot = useSettings((s) => s.vault?.slots.production);
  const { requestToken, dismissConfirm } = useSend((s) => s.actions);
  if (!confirm) return null;
  const title = confirm.production ? 'Send to Production?' : 'Send a request with errors?';
  return (
    <Dialog
      title={title}
      tone={confirm.production ? 'danger' : 'normal'}
      onCancel={dismissConfirm}
      actions={
        <>
          <button type="button" className="button" onClick={dismissConfirm} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className={`button primary${confirm.production ? ' danger' : ''}`}
            onClick={() => void requestToken({ ...confirm.pending, confirmed: true })}
          >
            {confirm.production ? 'Send to Production' : 'Send anyway'}
          </button>
        </>
      }
    >
      {confirm.production && (
        <p>
          This is the first Production request of this session. It goes to <strong>{prodDomain}</strong>
          {prodSlot?.set ? (
            <>
              {' '}
              with your production authenticator <code>{prodSlot.hint}</code> and is counted against the account&apos;s
              token balance.
            </>
          ) : (
            <>
              , but no Production authenticator is set, so the service will answer -2017. Set it in Settings first, or send
              anyway to see that answer.
            </>
          )}{' '}
          Later Production requests in this session are sent without asking.
        </p>
      )}
      {confirm.errors.length > 0 && (
        <>
          <p>
            The workbench expects the service to refuse this request ({confirm.errors.length}{' '}
            {confirm.errors.length === 1 ? 'error' : 'errors'}):
          </p>
          <ul>
            <ExplainedItems items={confirm.errors.slice(0, 6)} />
          </ul>
        </>
      )}
    </Dialog>
  );
}
