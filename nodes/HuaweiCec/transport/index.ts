export { callGateway, isHeaderSafe } from './request';
export type { GatewayCall, GatewayClient, HttpHelper } from './request';
export { MAX_RESPONSE_BYTES, redact } from './envelope';
export type { GatewayEnvelope } from './envelope';
export { parseBaseUrl, parseCaCertificates, parseConnection } from './connection';
export type { Connection } from './connection';
export { TransportError, READ_ONLY, maybeSent, notSent } from './errors';
export type { RequestEffect } from './errors';
