// `npm run demo`: the app (or the web preview) opens straight onto the demo
// workspace when nobody is signed in yet; a saved sign-in is left alone.
import type { Log } from '../log';
import type { AppServices } from '../services';

export async function openDemoIfSignedOut(services: Pick<AppServices, 'session' | 'demo'>, log: Log): Promise<void> {
  if (services.session.status().signedIn) {
    log('demo: already signed in; keeping that sign-in (sign out to try the demo)');
    return;
  }
  const outcome = await services.demo.start();
  log(outcome.ok ? 'demo: signed in to the demo workspace' : `demo: could not open the demo workspace: ${outcome.message}`);
}
