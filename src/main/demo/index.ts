// The embedded demo workspace (the reference relay in demo mode, in process).
export { DemoRelay, DEMO_USER_ID, type DemoRelayOptions } from './demo-relay';
export { openDemoIfSignedOut } from './open-demo';
