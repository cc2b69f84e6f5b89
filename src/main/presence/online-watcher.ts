// Electron's main process has no online/offline event, only net.isOnline():
// poll it and report changes, so the engine can pause on "offline" and try at
// once on "online".
export interface OnlineWatcherOptions {
  isOnline(): boolean;
  onChange(online: boolean): void;
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function watchOnline(options: OnlineWatcherOptions): () => void {
  const every = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stop = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let last = options.isOnline();
  const handle = every(() => {
    const now = options.isOnline();
    if (now === last) return;
    last = now;
    options.onChange(now);
  }, options.intervalMs ?? 3000);
  return () => stop(handle);
}
