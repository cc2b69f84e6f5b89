// Each frame from the server, before it means anything to the link: counted,
// noted as life for the heartbeat, decoded through the profile's codec (a frame
// that does not decode is counted and noted at debug level, never fatal), and a
// burst is kept from holding the event loop. It runs once per frame, so it
// allocates nothing beyond the decoding itself.
import type WebSocket from 'ws';
import type { ServerEvent } from '../../shared/protocol';
import type { ServerProfile } from '../../shared/protocol/profiles';
import type { Counters } from './diagnostics';
import type { Heartbeat } from './heartbeat';
import type { ConnectionLog } from './types';

/** Frames handled before the link lets the event loop run (about 10 ms of decoding and delivery). */
const FRAMES_PER_TURN = 300;

export interface FrameIntakeOptions {
  codec: ServerProfile['codec'];
  counters: Counters;
  heartbeat: Heartbeat;
  log?: ConnectionLog;
  /** The link has ended: a socket paused for a burst stays paused. */
  ended: () => boolean;
}

export class FrameIntake {
  /** The size of the last frame taken, in bytes (what the pre-sign-in bound counts), kept so take() returns no pair. */
  bytes = 0;
  /** Frames handled in this event-loop turn (see FRAMES_PER_TURN). */
  private framesThisTurn = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly o: FrameIntakeOptions,
  ) {}

  /** Counts and decodes one frame; null when it was counted and ignored (binary, malformed, of an unknown type). */
  take(data: WebSocket.RawData, isBinary: boolean): ServerEvent | null {
    this.yieldAfterBurst();
    const c = this.o.counters;
    c.framesIn++;
    this.o.heartbeat.noteActivity();
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    this.bytes = buf.length;
    c.bytesIn += buf.length;
    if (isBinary) {
      c.malformedFrames++;
      this.o.log?.('debug', `ignored a binary frame from the server (${buf.length} bytes)`);
      return null;
    }
    const r = this.o.codec.decode(buf.toString('utf8'));
    if (!r.ok) {
      if (r.reason === 'unknown_type') c.unknownFrameTypes++;
      else c.malformedFrames++;
      // Counted either way; the why is for whoever reads a debug log of a misbehaving server.
      const what = r.frameType === null ? 'a frame' : `a "${r.frameType.slice(0, 60)}" frame`;
      this.o.log?.('debug', `ignored ${what} from the server (${r.reason}): ${r.detail}`);
      return null;
    }
    c.ignoredFields += r.unknownFields;
    return r.event;
  }

  /**
   * A replay or a flood arrives as many 64 KiB reads in one event-loop turn,
   * thousands of frames that would all be handled before anything else runs
   * (80–90 ms for a 50 000-message replay in bench:ui). Past FRAMES_PER_TURN,
   * the socket pauses until the next turn, so timers, IPC and the window's
   * batches get their share and main never blocks for long. Nothing is lost:
   * TCP holds the rest.
   */
  private yieldAfterBurst(): void {
    const ws = this.ws;
    if (this.framesThisTurn++ === 0) {
      setImmediate(() => {
        this.framesThisTurn = 0;
        if (ws.isPaused && !this.o.ended() && ws.readyState === ws.OPEN) ws.resume();
      });
    }
    if (this.framesThisTurn === FRAMES_PER_TURN && !ws.isPaused) ws.pause();
  }
}
