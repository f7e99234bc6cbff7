// One polite live region for short confirmations ("Rights URL copied", "Token issued in 40 ms").
import { useUi } from './context.tsx';

export function Announcer() {
  const announcement = useUi((s) => s.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement && <span key={announcement.seq}>{announcement.text}</span>}
    </div>
  );
}
