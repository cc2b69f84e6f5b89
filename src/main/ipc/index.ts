// The IPC contract bound to the services: one handler per call, and service
// changes forwarded as contract events (both transports use these).
export { createIpcHandlers, publicStatus } from './handlers';
export { forwardEvents } from './events';
