// The user's chosen presence and the system inputs that change it.
export { PresenceController } from './presence';
export { watchOnline, type OnlineWatcherOptions } from './online-watcher';
