// Native notifications, thin: what to say is decided in main/app.
import { Notification } from 'electron';
import type { Notice } from '../notify';

export function showNotice(notice: Notice): void {
  if (!Notification.isSupported()) return;
  new Notification({ title: notice.title, body: notice.body }).show();
}
