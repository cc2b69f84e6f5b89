// Counters an operator (or a bug report) needs to see what the link is doing.
import type { ConnectionState } from '../../shared/types';

export interface ConnectionDiagnostics {
  state: ConnectionState['state'];
  endpoint: string;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Connection attempts made (first connect included). */
  connectAttempts: number;
  /** Times an established (authenticated) connection was lost and a new one was tried. */
  reconnects: number;
  lastCloseCode: number | null;
  lastCloseReason: string | null;
  lastError: string | null;
  rttMs: number | null;
  /** Frames that were not valid JSON objects or did not match their type's shape. */
  malformedFrames: number;
  unknownFrameTypes: number;
  /** Unknown fields (and unusable list entries) ignored inside otherwise valid frames. */
  ignoredFields: number;
  oversizeCloses: number;
  /** Links we ended because the server made us pass a bound on what we hold (bounds.ts). */
  boundsHit: number;
  deadLinks: number;
  duplicatesDropped: number;
  gaps: number;
  outboxSize: number;
  connectedSince: number | null;
}

export type Counters = Omit<ConnectionDiagnostics, 'state' | 'endpoint' | 'outboxSize' | 'rttMs' | 'connectedSince' | 'duplicatesDropped'>;

export function newCounters(): Counters {
  return {
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    connectAttempts: 0,
    reconnects: 0,
    lastCloseCode: null,
    lastCloseReason: null,
    lastError: null,
    malformedFrames: 0,
    unknownFrameTypes: 0,
    ignoredFields: 0,
    oversizeCloses: 0,
    boundsHit: 0,
    deadLinks: 0,
    gaps: 0,
  };
}
