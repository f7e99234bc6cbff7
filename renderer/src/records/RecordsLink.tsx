// "Find this token in ExpressPlay records": from a token request that carried a cookie (the live
// response, a history entry) to the Records view, asking by that cookie in the same environment.
// Outside the app (a component on its own) it shows nothing.
import type { EnvironmentId } from '../../../shared/expressplay/types.ts';
import { useStoresIfAny } from '../app/context.tsx';

export function RecordsLink({ environment, cookie, label }: { environment: EnvironmentId; cookie: string | null; label?: string }) {
  const stores = useStoresIfAny();
  if (!stores || !cookie) return null;
  const open = () => {
    stores.ui.getState().actions.setView('records');
    void stores.records.getState().actions.showCookie(environment, cookie);
  };
  return (
    <button type="button" className="button small records-link" onClick={open} title={`Ask the ${environment} records for events with cookie ${cookie}`}>
      {label ?? 'Find in ExpressPlay records'}
    </button>
  );
}
