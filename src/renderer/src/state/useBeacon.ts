// Mirrors main's state through window.beacon: one initial read, then events.
// An event that arrives before the initial read resolves wins over it.
import { useEffect, useState } from 'react';
import type { ConnectionState, PresenceStatus, SessionStatus } from '../../../shared/types';
import { messageOf } from '../errors';

export interface BeaconView {
  readonly session: SessionStatus | null;
  readonly connection: ConnectionState | null;
  readonly presence: PresenceStatus | null;
  /** The bridge itself failed (not a failed sign-in). */
  readonly error: string | null;
  setSession(status: SessionStatus): void;
  setPresence(status: PresenceStatus): void;
  setConnection(state: ConnectionState): void;
}

export function useBeacon(): BeaconView {
  const [session, setSession] = useState<SessionStatus | null>(null);
  const [connection, setConnection] = useState<ConnectionState | null>(null);
  const [presence, setPresence] = useState<PresenceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const api = window.beacon;
    if (!api) {
      setError("Beacon's bridge is not available in this page. Open Beacon from the app, or the address `npm start` printed.");
      return;
    }
    const seen = { session: false, connection: false, presence: false };
    const offs = [
      api.on('session:status', (s) => {
        seen.session = true;
        setSession(s);
      }),
      api.on('connection:state', (c) => {
        seen.connection = true;
        setConnection(c);
      }),
      api.on('presence:changed', (p) => {
        seen.presence = true;
        setPresence(p.status);
      }),
    ];
    let live = true;
    Promise.all([api.session.getStatus(), api.connection.getState(), api.presence.get()])
      .then(([s, c, p]) => {
        if (!live) return;
        if (!seen.session) setSession(s);
        if (!seen.connection) setConnection(c);
        if (!seen.presence) setPresence(p.status);
      })
      .catch((e: unknown) => {
        if (live) setError(messageOf(e));
      });
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, []);

  return { session, connection, presence, error, setSession, setPresence, setConnection };
}
