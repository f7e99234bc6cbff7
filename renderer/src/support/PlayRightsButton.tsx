// "Play with this rights URL": a pasted rights URL (a customer's) becomes the Playback panel's
// license server, in place of the last token's, and the Request view (where the player is) shows.
import { useStoresIfAny } from '../app/context.tsx';

export function PlayRightsButton({ rightsUrl }: { rightsUrl: string }) {
  const stores = useStoresIfAny();
  if (!stores) return null;
  const play = () => {
    stores.player.getState().setSetting('pastedRightsUrl', rightsUrl);
    stores.ui.getState().actions.setView('request');
    stores.ui.getState().actions.announce('The pasted rights URL is now the Playback panel\'s license server: set the manifest URL and press Play.');
    // The player is below the response: bring it into view once the Request view shows.
    requestAnimationFrame(() => document.querySelector('.wb-player')?.scrollIntoView({ block: 'start' }));
  };
  return (
    <button type="button" className="button primary small" onClick={play}>
      Play with this rights URL
    </button>
  );
}
