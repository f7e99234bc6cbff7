import { useUi } from '../app/context.tsx';
import { copyText } from './clipboard.ts';

/** A button that copies text and says so in the live region (its own label never changes size). */
export function CopyButton(props: { text: string | (() => string); label: string; what?: string; className?: string }) {
  const { announce } = useUi((s) => s.actions);
  return (
    <button
      type="button"
      className={props.className ?? 'button'}
      onClick={async () => {
        const text = typeof props.text === 'function' ? props.text() : props.text;
        const ok = await copyText(text);
        announce(ok ? `${props.what ?? 'Text'} copied to the clipboard` : `Could not copy ${props.what ?? 'the text'}`);
      }}
    >
      {props.label}
    </button>
  );
}
