// Serving the renderer safely, for the Electron app:// scheme and the web
// preview alike: the CSP, static files under one root, and which pages may call.
export { contentSecurityPolicy } from './csp';
export { readStatic, resolveStaticPath, type StaticFile } from './static-files';
export { APP_ENTRY_URL, APP_HOST, APP_SCHEME, rendererTrust } from './trusted-sender';
