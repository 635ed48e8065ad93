/** The gateway's public surface. */
export { createGateway, type GatewayApp } from './app.ts';
export { startGateway, type GatewayHandle } from './server.ts';
export { loadGatewayConfig, defaultSettings, type GatewayConfig, type LiveSettings } from './config.ts';
export type { GatewayDeps, Principal, Role } from './types.ts';
export { ROLES } from './types.ts';
export { machineGraph, type MachineGraph } from './machine-graph/index.ts';
export { BRIDGE_WS_PATH } from './bridge-ws/index.ts';
export { FEED_PATH } from './admin/feed/index.ts';
