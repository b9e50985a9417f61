export { callGateway, isHeaderSafe } from './request';
export type { GatewayClient, HttpHelper } from './request';
export type { GatewayEnvelope } from './envelope';
export { parseConnection } from './connection';
export type { Connection } from './connection';
export { TransportError, READ_ONLY } from './errors';
export type { RequestEffect } from './errors';
export { explainRetcode } from './retcodes';
export type { RetcodeTable } from './retcodes';
