// Counts of what clients sent and how each frame fared: for an operator asking
// "is a client misbehaving?" and for tests that must prove a frame was (not) sent.
import type { FrameFailure, ParseResult } from './frames';

export interface FrameCounts {
  /** Frames of each known type, whatever became of them. */
  byType: Record<string, number>;
  /** Counted toward the close-1008 budget (binary frames included). */
  malformed: number;
  /** Well-formed requests that broke a field rule; answered, not counted. */
  rejected: number;
  unknownType: number;
}

export class FrameStats {
  readonly #byType = new Map<string, number>();
  readonly #failures: Record<FrameFailure, number> = { malformed: 0, rejected: 0, unknown_type: 0 };

  record(result: ParseResult): void {
    if (!result.ok) this.#failures[result.failure]++;
    const type = result.ok ? result.frame.type : result.type;
    if (type !== null) this.#byType.set(type, (this.#byType.get(type) ?? 0) + 1);
  }

  binary(): void {
    this.#failures.malformed++;
  }

  snapshot(): FrameCounts {
    return {
      byType: Object.fromEntries(this.#byType),
      malformed: this.#failures.malformed,
      rejected: this.#failures.rejected,
      unknownType: this.#failures.unknown_type,
    };
  }
}
