// The main process's services assembled: settings, vault, session, engine,
// presence and (soon) the workspace, behind the narrow AppServices surface the
// IPC handlers, tray and Electron adapters use.
export { createAppServices, type CreateServicesOptions } from './create-services';
export { ConnectionFacade, type EngineHandle, type EngineSource } from './connection-facade';
export type {
  AppServices,
  ConnectionService,
  DemoService,
  NotificationService,
  PresenceService,
  SessionService,
  SignInOutcome,
  WorkspaceService,
} from './services';
