// What deserves a native notification; the Electron adapter only shows it.
export { connectionNotice, watchConnectionNotices, type Notice } from './notices';
