// Which page may call the IPC: our renderer served from the app:// scheme, or
// the dev server (electron-vite dev). Anything else a frame might end up on is
// refused, even though navigation is blocked as well.

/** The privileged scheme and host the packaged renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'beacon';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function rendererTrust(options: { devServerUrl?: string | undefined } = {}): (url: string) => boolean {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  return (url: string): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // A custom scheme has an opaque origin in WHATWG URL terms: compare parts.
    if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST && !parsed.username && !parsed.password;
    return dev !== null && parsed.protocol === dev.protocol && parsed.host === dev.host;
  };
}
