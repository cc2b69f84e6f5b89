// The user's chosen presence and the system inputs that change it.
export { PresenceController } from './presence';
export { AutoAway, type AutoAwayInputs, type AutoAwayOptions, type AutoAwayReason, type AutoAwaySettings } from './auto-away';
export { watchOnline, type OnlineWatcherOptions } from './online-watcher';
