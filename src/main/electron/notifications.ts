// Native notifications, thin: what to say is decided in main/notify.
import { Notification } from 'electron';
import type { Notice } from '../notify';
import type { NotificationService } from '../services';
import { forwardDecisions, type NotificationApi, type NotificationShell } from './notification-edge';

export function showNotice(notice: Notice): void {
  if (!Notification.isSupported()) return;
  new Notification({ title: notice.title, body: notice.body }).show();
}

const electronNotifications: NotificationApi = {
  platform: process.platform,
  isSupported: () => Notification.isSupported(),
  create: (options) => new Notification(options),
};

/** Shows exactly what the notification policy decides. */
export function bindNotifications(notifications: NotificationService, shell: NotificationShell): () => void {
  return forwardDecisions(electronNotifications, notifications, shell);
}
