// Whether the web preview's bridge has lost the host (its socket closed): from
// then on nothing reaches main, so the window must not go on saying
// "Connected". The Electron app never fires the event.
import { useEffect, useState } from 'react';
import { BRIDGE_LOST_EVENT } from '../../../shared/web-bridge';

export function useBridgeLost(): boolean {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    const onLost = (): void => setLost(true);
    window.addEventListener(BRIDGE_LOST_EVENT, onLost);
    return () => window.removeEventListener(BRIDGE_LOST_EVENT, onLost);
  }, []);
  return lost;
}
