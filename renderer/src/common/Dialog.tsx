// A modal dialog: labelled, focus moved in on open and back on close, Tab kept inside, Escape cancels.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onCancel: () => void;
  tone?: 'danger' | 'normal';
}) {
  const titleId = useId();
  const bodyId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);

  // Modal for real: the rest of the app is inert (no Tab, no click, hidden from screen readers)
  // while the dialog is up — except live regions, so announcements still come through. Declared
  // before the focus effect: its cleanup must run first, an inert control cannot take the focus back.
  useEffect(() => {
    const self = backdrop.current;
    const others = [...(self?.parentElement?.children ?? [])].filter(
      (el) => el !== self && !el.matches('[aria-live], [role="status"], [role="alert"]'),
    );
    for (const el of others) el.setAttribute('inert', '');
    return () => {
      for (const el of others) el.removeAttribute('inert');
    };
  }, []);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus], button');
    first?.focus();
    // Back where the user was; if that control is gone or disabled meanwhile (the send button while
    // the request runs), to the main landmark rather than nowhere.
    return () => {
      if (previous?.isConnected && !previous.matches(':disabled')) previous.focus();
      else document.querySelector<HTMLElement>('main')?.focus();
    };
  }, []);

  // Escape cancels wherever the focus is (a click on the backdrop leaves it on the page body).
  const onCancel = useRef(props.onCancel);
  onCancel.current = props.onCancel;
  useEffect(() => {
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onCancel.current();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')].filter(
      (el) => !el.hasAttribute('disabled'),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop" ref={backdrop}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className={`dialog ${props.tone === 'danger' ? 'dialog-danger' : ''}`}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div id={bodyId} className="dialog-body">
          {props.children}
        </div>
        <div className="dialog-actions">{props.actions}</div>
      </div>
    </div>
  );
}
