// What the tray shows, as plain data, and what its items do.
export {
  trayAction,
  trayView,
  type TrayActionId,
  type TrayIcon,
  type TrayInput,
  type TrayItem,
  type TrayShellActions,
  type TrayView,
} from './tray-model';
export { CONNECTION_COLOURS, PRESENCE_COLOURS, trayIconKey, trayIconPng, trayIconPixels } from './tray-icon';
export { threadMenuLabel, TOP_THREADS, topUnread, unreadTotal } from './unread';
export { BADGE_COLOUR, BADGE_TEXT_COLOUR, badgeDescription, badgeLabel, badgePixels, badgePng } from './badge-icon';
