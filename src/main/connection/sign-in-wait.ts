// The wait between dialling and the server confirming sign-in: a deadline for
// the whole handshake (upgrade + auth frame), and the frames a server sends
// ahead of its auth frame, held to be delivered right after it, in order.
// What is held is bounded (bounds.ts): a server must not make us hold much
// before it has even said who we are.
import type { ServerEvent } from '../../shared/protocol';
import { BOUNDS } from './bounds';
import type { Clock, TimerHandle } from './clock';

export class SignInWait {
  private timer: TimerHandle | null;
  private held: ServerEvent[] = [];
  private heldBytes = 0;
  /** Frames that arrived before sign-in, the auth frame included (a handshake timeout reports them). */
  frames = 0;

  constructor(
    private readonly clock: Clock,
    timeoutMs: number,
    onTimeout: () => void,
  ) {
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      onTimeout();
    }, timeoutMs);
  }

  /** Holds a frame until sign-in; returns the reason when that passes a bound (the link must end), else null. */
  hold(ev: ServerEvent, bytes: number): string | null {
    this.heldBytes += bytes;
    if (this.held.length >= BOUNDS.preAuthFrames || this.heldBytes > BOUNDS.preAuthBytes) {
      return `the server sent more than ${BOUNDS.preAuthFrames} frames or ${BOUNDS.preAuthBytes / (1024 * 1024)} MiB before signing in`;
    }
    this.held.push(ev);
    return null;
  }

  /** Signed in (or the link ended): the deadline no longer applies. */
  stopDeadline(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Hands over what was held, in arrival order, and holds nothing after. */
  release(): ServerEvent[] {
    const held = this.held;
    this.held = [];
    return held;
  }
}
