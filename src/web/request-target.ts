// Request targets as the host reads them. A target comes straight off the
// wire, before any check: `//`, `*`, `http://elsewhere/` or stray bytes must
// come out as "not ours" (null), never as an exception on the server's
// 'upgrade' path, where nothing catches it and the process dies.

/**
 * The URL a request target names on this host, or null for anything that is
 * not an origin-form path (`/path?query`): absolute and asterisk forms, and
 * whatever the URL parser refuses.
 */
export function parseRequestTarget(target: string | undefined, origin: string): URL | null {
  if (target === undefined || !target.startsWith('/')) return null;
  // Parsed as origin + target, `//x` stays a path here instead of naming host
  // `x`; a path that still looks like an authority is refused all the same.
  if (target.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(`${origin}${target}`);
  } catch {
    return null;
  }
  return url.origin === origin ? url : null;
}
